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
public sealed class DatabaseXmlRepository(SqlDialect dialect, TimeProvider time) : IDeletableXmlRepository
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

    /// <summary>
    /// Deletes the elements <paramref name="chooseElements"/> marks (a <see cref="IDeletableElement.DeletionOrder"/>), in that
    /// order, in one transaction; used by the key manager to delete keys no stored value needs any more. Returns true.
    /// </summary>
    public bool DeleteElements(Action<IReadOnlyCollection<IDeletableElement>> chooseElements)
    {
        using var connection = dialect.CreateConnection();
        connection.Open();
        var stored = connection.Query<(string FriendlyName, string Xml)>("SELECT friendly_name, xml FROM data_protection_keys ORDER BY created_at, friendly_name")
            .Select(r => new StoredElement(r.FriendlyName, XElement.Parse(r.Xml))).ToList();
        chooseElements(stored);
        using var transaction = connection.BeginTransaction();
        foreach (var element in stored.Where(e => e.DeletionOrder is not null).OrderBy(e => e.DeletionOrder))
            connection.Execute("DELETE FROM data_protection_keys WHERE friendly_name = @name", new { name = element.FriendlyName }, transaction);
        transaction.Commit();
        return true;
    }

    private sealed class StoredElement(string friendlyName, XElement element) : IDeletableElement
    {
        public string FriendlyName { get; } = friendlyName;
        public XElement Element { get; } = element;
        public int? DeletionOrder { get; set; }
    }
}
