using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure.Agencies;
using CaseTracker.Infrastructure.Persistence;
using CaseTracker.Infrastructure.PersonalData;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Agencies;

/// <summary>security.md "Outbound calls": an agency's webhook secret is sealed at rest and unsealed only to sign a delivery.</summary>
public class WebhookSecretSealingTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private const string Secret = "webhook-secret-kept-sealed-0001";

    [Fact]
    public async Task SaveSettings_StoresTheWebhookSecretSealed_AndTheDeliveryReadsItBack()
    {
        var s = await Create(factory);
        using (var scope = factory.Services.CreateScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.Begin(CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<AgencySettingsStore>().Save(s.Child, false, "https://hooks.example.cn/casetracker", Secret, null, CancellationToken.None);
            await session.Commit(CancellationToken.None);
        }

        using (var connection = factory.Database.Open())
        {
            var stored = connection.QuerySingle<string>("SELECT webhook_secret FROM agency_settings WHERE agency_code = @agency", new { agency = s.Child });
            Assert.StartsWith(PersonalDataProtector.SealedWebhookSecretPrefix, stored);
            Assert.DoesNotContain(Secret, stored);
        }

        using (var scope = factory.Services.CreateScope())
            Assert.Equal(Secret, (await scope.ServiceProvider.GetRequiredService<AgencySettingsStore>().Webhook(s.Child, CancellationToken.None))!.WebhookSecret);
    }

    [Fact]
    public async Task SealPlainRows_SealsAWebhookSecretStoredInPlainTextBeforeSealing()
    {
        var s = await Create(factory);
        using (var connection = factory.Database.Open())
            connection.Execute("""
                INSERT INTO agency_settings (agency_code, close_lapsed_cases, webhook_url, webhook_secret, alert_email)
                VALUES (@agency, @no, 'https://hooks.example.cn/old', @secret, NULL)
                """, new { agency = s.Child, no = false, secret = Secret });

        using (var scope = factory.Services.CreateScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<PersonalDataSealing>().SealPlainRows(CancellationToken.None) >= 1);

        using (var connection = factory.Database.Open())
        {
            var stored = connection.QuerySingle<string>("SELECT webhook_secret FROM agency_settings WHERE agency_code = @agency", new { agency = s.Child });
            Assert.StartsWith(PersonalDataProtector.SealedWebhookSecretPrefix, stored);
            Assert.DoesNotContain(Secret, stored);
        }

        using (var scope = factory.Services.CreateScope())
        {
            Assert.Equal(Secret, (await scope.ServiceProvider.GetRequiredService<AgencySettingsStore>().Webhook(s.Child, CancellationToken.None))!.WebhookSecret);
            // A second pass finds nothing left in plain text.
            var sealing = scope.ServiceProvider.GetRequiredService<PersonalDataSealing>();
            using var connection = factory.Database.Open();
            var before = connection.QuerySingle<string>("SELECT webhook_secret FROM agency_settings WHERE agency_code = @agency", new { agency = s.Child });
            await sealing.SealPlainRows(CancellationToken.None);
            Assert.Equal(before, connection.QuerySingle<string>("SELECT webhook_secret FROM agency_settings WHERE agency_code = @agency", new { agency = s.Child }));
        }
    }
}
