namespace CaseTracker.Infrastructure.PersonalData;

/// <summary>
/// The sealed form and ID-number hash of an applicant's personal data, worked out for one request before its transaction
/// begins. On the embedded default every write transaction holds the one write gate, so sealing (a Data Protection key
/// derivation and AES-256-GCM, about a tenth of a registration's time inside the gate) is done ahead by
/// <c>SealAheadBehaviour</c> and only looked up inside. What was not prepared is sealed on the spot, so the result is the
/// same either way; a prepared seal is used once.
/// </summary>
/// <remarks>Scoped: one per request, never shared, so no applicant's data outlives the request that brought it.</remarks>
public sealed class PreparedSeals(PersonalDataProtector protector)
{
    private readonly Dictionary<ApplicantSecrets, string?> seals = [];
    private readonly Dictionary<string, string?> hashes = [];

    /// <summary>Seals the four values and hashes the ID number now, for <see cref="Seal"/> and <see cref="IdHash"/> to return later.</summary>
    public void Prepare(ApplicantSecrets secrets)
    {
        seals[secrets] = protector.Seal(secrets);
        if (secrets.IdNumber is { } id) hashes[id] = protector.IdHash(id);
    }

    /// <summary>The sealed text of the four values (see <see cref="PersonalDataProtector.Seal"/>): the prepared one, else sealed now.</summary>
    public string? Seal(ApplicantSecrets secrets)
        => seals.Remove(secrets, out var prepared) ? prepared : protector.Seal(secrets);

    /// <summary>The HMAC of an ID number (see <see cref="PersonalDataProtector.IdHash"/>): the prepared one, else computed now.</summary>
    public string? IdHash(string? idNumber)
        => idNumber is not null && hashes.TryGetValue(idNumber, out var prepared) ? prepared : protector.IdHash(idNumber);
}
