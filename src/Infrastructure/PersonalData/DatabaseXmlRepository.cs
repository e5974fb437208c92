using System.Xml.Linq;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CaseTracker.Infrastructure.PersonalData;

/// <summary>
/// The Data Protection key ring kept in the register's own database (<c>data_protection_keys</c>), on every engine, so every
/// instance of the service reads the same keys and a backup of the database carries the keys that open it. Each call uses a
/// connection of its own, outside any request's transaction.
/// </summary>
public sealed class DatabaseXmlRepository(SqlDialect dialect, TimeProvider time) : IXmlRepository
{
    /// <summary>Every key element stored, oldest first.</summary>
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = dialect.CreateConnection();
        connection.Open();
        return connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, friendly_name")
            .Select(x => XElement.Parse(x)).ToList();
    }

    /// <summary>Stores one new key element under its friendly name ("key-&lt;guid&gt;"); a name stored already is kept as it is.</summary>
    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = dialect.CreateConnection();
        connection.Open();
        if (connection.ExecuteScalar<int>("SELECT COUNT(*) FROM data_protection_keys WHERE friendly_name = @friendlyName", new { friendlyName }) > 0)
            return;
        connection.Execute("INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@friendlyName, @xml, @createdAt)",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), createdAt = time.GetUtcNow() });
    }
}
