using CaseTracker.Api.Features.Cases.RegisterCase;
using CaseTracker.Api.Features.Cases.Steps;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Applicants;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using CaseTracker.Infrastructure.PersonalData;
using Mediator;

namespace CaseTracker.Api.Features.Cases.CorrectRegistration;

/// <summary>
/// 更正 of a registration (issue 16 item 1): a reason and only the fields being corrected (absent or null: unchanged; an empty
/// applicant ID number, phone, e-mail or address clears it). Dates are China dates.
/// </summary>
public sealed record CorrectRegistrationCommand : ICommand<CaseDetails>, IValidatable
{
    public Guid CaseId { get; internal init; }
    public int? ExpectedVersion { get; internal init; }
    public string? Reason { get; init; }
    public ApplicantRequest? Applicant { get; init; }
    public Channel? Channel { get; init; }
    public LetterMail? LetterMail { get; init; }
    public DateOnly? SubmittedOn { get; init; }
    public DateOnly? ReceivedOn { get; init; }
    public string? Description { get; init; }
    public DeliveryForm? DeliveryForm { get; init; }

    public void Validate(Validator v)
    {
        v.Text("reason", Reason, Validator.LongText, required: true)
            .Text("description", Description, Validator.LongText, required: false);
        if (Description is not null && string.IsNullOrWhiteSpace(Description)) v.Error("description", "Describe the information requested.");
        if (Applicant is { } a)
        {
            v.Text("applicant.name", a.Name, Validator.ShortText, required: false)
                .Text("applicant.idNumber", a.IdNumber, 40, required: false)
                .Text("applicant.phone", a.Phone, 40, required: false)
                .Text("applicant.email", a.Email, Validator.ShortText, required: false)
                .Text("applicant.address", a.Address, 500, required: false);
            if (a.Name is not null && string.IsNullOrWhiteSpace(a.Name)) v.Error("applicant.name", "The applicant's name is required.");
            // The one ID-number rule of registration and import (src/Domain/Applicants/IdDocument.cs).
            if (!string.IsNullOrWhiteSpace(a.IdNumber) && a.IdNumber.Length <= 40
                && IdDocument.Problem(a.IdKind ?? IdDocument.DefaultFor(a.Kind is null or ApplicantKind.NaturalPerson), a.IdNumber.Trim(), RegisterClock.ChinaToday()) is { } problem)
                v.Error("applicant.idNumber", problem);
        }
    }
}

internal sealed record StoredIdNumber(string? Hash, string? Masked);

internal sealed class CorrectRegistrationHandler(CaseSteps steps, DbSession session, PersonalDataProtector protector)
    : ICommandHandler<CorrectRegistrationCommand, CaseDetails>
{
    public async ValueTask<CaseDetails> Handle(CorrectRegistrationCommand command, CancellationToken cancellationToken)
    {
        var a = command.Applicant;
        var id = command.CaseId.ToString();
        // The case holds the masked forms only: a personal-data value given is compared with the stored one, and a value equal
        // to it is no correction (finding 8: "5301**********123X → 5301**********123X" was recorded). Nothing is shown or logged.
        // The ID number is compared by its keyed hash (the one the register searches by), so checking it unseals nothing; the
        // phone, e-mail and address, which have no hash, are compared on the unsealed values, only when one of them is given.
        var current = a is { Phone: not null } or { Email: not null } or { Address: not null }
            ? protector.Unseal(await session.QuerySingleOrDefault<string?>("SELECT applicant_sealed FROM cases WHERE id = @id", new { id }, cancellationToken))
            : null;
        var idNumber = a?.IdNumber is { } givenId ? IdDocument.Normalize(givenId) ?? givenId : null;
        if (idNumber is not null)
        {
            var stored = await session.QuerySingleOrDefault<StoredIdNumber>(
                "SELECT applicant_id_hash AS Hash, applicant_id_number AS Masked FROM cases WHERE id = @id", new { id }, cancellationToken);
            // The same number (trimmed, x and X alike, full-width as ASCII), or blank for a case that has none: unchanged — unless the
            // register holds it with a lower-case x, as registrations did before numbers were kept in upper case (trial G finding 4):
            // the masked form keeps the last four characters, so that shows without unsealing anything, and the correction sets it right.
            if (protector.IdHash(idNumber) == stored?.Hash
                && (idNumber.Length == 0 || string.Equals(PersonalDataMask.IdNumber(idNumber), stored?.Masked, StringComparison.Ordinal)))
                idNumber = null;
        }

        static string? Changed(string? given, string? now, StringComparison comparison)
        {
            if (given is null) return null;
            var value = given.Trim();
            return string.Equals(value.Length == 0 ? null : value, now, comparison) ? null : given;
        }

        var correction = new RegistrationCorrection
        {
            ApplicantKind = a?.Kind, ApplicantName = a?.Name,
            IdNumber = idNumber,
            Phone = Changed(a?.Phone, current?.Phone, StringComparison.Ordinal),
            Email = Changed(a?.Email, current?.Email, StringComparison.OrdinalIgnoreCase),
            Address = Changed(a?.Address, current?.Address, StringComparison.Ordinal),
            Channel = command.Channel, LetterMail = command.LetterMail, SubmittedOn = command.SubmittedOn, ReceivedOn = command.ReceivedOn,
            Description = command.Description, DeliveryForm = command.DeliveryForm,
        };
        return await steps.Correct(command.CaseId, command.ExpectedVersion,
            (c, context) => c.CorrectRegistration(correction, command.Reason!, context), cancellationToken);
    }
}

public static class CorrectRegistrationEndpoint
{
    public static void Map(RouteGroupBuilder group) => group
        .MapStep<CorrectRegistrationCommand>("correction", Policies.Correct,
            (id, body, version) => body with { CaseId = id, ExpectedVersion = version })
        .WithName("CorrectRegistration")
        .WithSummary("更正: correct the registration (applicant, channel and letter kind, submitted/received dates, description, delivery form) with a reason; the clock is recomputed and the history shows every field before → after, who and why.");
}
