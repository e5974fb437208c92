using System.Text.Json.Serialization;

namespace CaseTracker.Infrastructure.PersonalData;

/// <summary>An applicant's ID number, phone, e-mail and address in full: what is sealed at rest and shown only by a logged read.</summary>
public sealed record ApplicantSecrets(string? IdNumber, string? Phone, string? Email, string? Address)
{
    /// <summary>True when none of the four is given.</summary>
    public bool IsEmpty => IdNumber is null && Phone is null && Email is null && Address is null;
}

/// <summary>
/// Source-generated JSON metadata of <see cref="ApplicantSecrets"/> with the serializer's default settings (property names as
/// declared, nulls written): the payload <see cref="PersonalDataProtector"/> seals, byte for byte what the reflection
/// serializer wrote before, so values sealed either way open either way.
/// </summary>
[JsonSerializable(typeof(ApplicantSecrets))]
internal sealed partial class ApplicantSecretsJson : JsonSerializerContext;
