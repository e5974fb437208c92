using CaseTracker.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CaseTracker.Api.Tests.Hosting;

/// <summary>security.md "Who may do what": Production refuses to start without an identity provider or a configured signing key.</summary>
public class ProductionStartTests
{
    private static WebApplicationFactory<Program> Production(TestDatabase database, params (string Key, string Value)[] settings)
        => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Database:Provider", database.Provider.ToString());
            b.UseSetting("Database:ConnectionString", database.ConnectionString);
            b.UseSetting("Jobs:Server", "false");
            b.UseSetting("PersonalData:KeyCertificatePath", TestData.KeyCertificate);
            foreach (var (key, value) in settings) b.UseSetting(key, value);
        });

    [Fact]
    public void Start_InProductionWithoutIdentityProviderOrSigningKey_IsRefusedWithASentence()
    {
        var database = TestDatabase.Create();
        try
        {
            using var factory = Production(database);
            var e = Assert.ThrowsAny<Exception>(() => factory.Services);
            var message = e is AggregateException a ? a.Flatten().InnerExceptions[0].Message : e.InnerException?.Message ?? e.Message;
            Assert.Contains("Production needs an identity provider", e.ToString());
            Assert.False(string.IsNullOrWhiteSpace(message));
        }
        finally
        {
            database.Drop();
        }
    }

    [Fact]
    public async Task Start_InProductionWithASigningKey_Starts()
    {
        var database = TestDatabase.Create();
        try
        {
            using var factory = Production(database, ("Auth:SigningKey", CaseTrackerFactory.SigningKey));
            var response = await factory.CreateClient().GetAsync("/health/live");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            database.Drop();
        }
    }
}
