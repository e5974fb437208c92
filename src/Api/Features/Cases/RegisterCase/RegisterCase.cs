using CaseTracker.Domain.Applicants;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.PersonalData;
using Mediator;

namespace CaseTracker.Api.Features.Cases.RegisterCase;

/// <summary>The applicant of a request; <see cref="IdKind"/> names the document of <see cref="IdNumber"/> (default: 居民身份证 for a natural person, 统一社会信用代码 for an organisation).</summary>
public sealed record ApplicantRequest(ApplicantKind? Kind, string? Name, string? IdNumber, string? Phone, string? Email, string? Address, IdDocumentKind? IdKind = null);

public sealed record RegisterCaseRequest(
    string? AgencyCode, Channel? Channel, LetterMail? LetterMail, DateOnly? SubmittedOn, DateOnly? ReceivedOn,
    ApplicantRequest? Applicant, string? Description, DeliveryForm? DeliveryForm);

public sealed record RegisterCaseCommand : ICommand<CaseDetails>, IValidatable, IIdempotent, ISealsPersonalData
{
    public required RegisterCaseRequest Request { get; init; }
    public string? IdempotencyKey { get; init; }

    /// <summary>The applicant as the case will hold it: name and kind as given (trimmed), blank values as null.</summary>
    internal Applicant Applicant()
    {
        var a = Request.Applicant!;
        return new Applicant(a.Kind!.Value, a.Name!.Trim(), IdDocument.Normalize(a.IdNumber), Blank(a.Phone), Blank(a.Email), Blank(a.Address));
    }

    IEnumerable<ApplicantSecrets> ISealsPersonalData.PersonalData
    {
        get
        {
            var a = Applicant();
            yield return new ApplicantSecrets(a.IdNumber, a.Phone, a.Email, a.Address);
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public void Validate(Validator v)
    {
        var r = Request;
        v.Code("agencyCode", r.AgencyCode, required: true)
            .Required("channel", r.Channel)
            .Required("submittedOn", r.SubmittedOn)
            .Required("applicant", r.Applicant)
            .Text("description", r.Description, Validator.LongText, required: true);
        if (r.Applicant is { } a)
        {
            v.Required("applicant.kind", a.Kind)
                .Text("applicant.name", a.Name, Validator.ShortText, required: true)
                .Text("applicant.idNumber", a.IdNumber, 40, required: false)
                .Text("applicant.phone", a.Phone, 40, required: false)
                .Text("applicant.email", a.Email, Validator.ShortText, required: false)
                .Text("applicant.address", a.Address, 500, required: false);
            // The one ID-number rule of registration and import (src/Domain/Applicants/IdDocument.cs).
            if (!string.IsNullOrWhiteSpace(a.IdNumber) && a.IdNumber.Length <= 40
                && IdDocument.Problem(a.IdKind ?? IdDocument.DefaultFor(a.Kind is null or ApplicantKind.NaturalPerson), a.IdNumber, RegisterClock.ChinaToday()) is { } problem)
                v.Error("applicant.idNumber", problem);
            if (!string.IsNullOrWhiteSpace(a.Phone) && a.Phone.Length <= 40 && ContactDetails.PhoneProblem(a.Phone) is { } phoneProblem)
                v.Error("applicant.phone", phoneProblem);
            if (!string.IsNullOrWhiteSpace(a.Email) && ContactDetails.EmailProblem(a.Email) is { } emailProblem)
                v.Error("applicant.email", emailProblem);
        }
    }
}

internal sealed class RegisterCaseHandler(
    ICaseRepository cases, AgencyAccess access, RegisterClock clock, CurrentUser user, CaseReader reader, CaseAlertsFollower alerts)
    : ICommandHandler<RegisterCaseCommand, CaseDetails>
{
    public async ValueTask<CaseDetails> Handle(RegisterCaseCommand command, CancellationToken cancellationToken)
    {
        var r = command.Request;
        await access.EnsureTakesNewCases(r.AgencyCode!, cancellationToken);
        var context = clock.Context();
        var registration = new Registration
        {
            AgencyCode = r.AgencyCode!,
            Channel = r.Channel!.Value,
            LetterMail = r.LetterMail,
            SubmittedOn = r.SubmittedOn!.Value,
            ReceivedOn = r.ReceivedOn,
            Applicant = command.Applicant(),
            Description = r.Description!.Trim(),
            DeliveryForm = r.DeliveryForm,
        };

        // Validate the registration before taking a number, so a refused request leaves no gap behind.
        var probe = Case.Register(CaseId.New(), "", registration, context);
        var year = registration.SubmittedOn.Year;
        var taken = await cases.TakeNumbers(registration.AgencyCode, year, 1, new HashSet<string>(), cancellationToken);
        if (taken.Count == 0) throw CaseNumber.UsedUp(registration.AgencyCode, year);
        var @case = Case.Register(probe.Id, new CaseNumber(registration.AgencyCode, year, taken[0]).ToString(), registration, context);
        var reading = @case.Clock(context.Calendar, context.Settings);
        await cases.Add(@case, reading, user.Actor, clock.Now, cancellationToken);
        await alerts.RaiseForNewCase(@case, reading, cancellationToken); // a paper request entered late may be overdue already
        return reader.FromCase(@case, reading, assignedTo: null);
    }
}

public static class RegisterCaseEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("/", async (RegisterCaseRequest request, HttpRequest http, ISender sender, CancellationToken ct) =>
        {
            var details = await sender.Send(new RegisterCaseCommand { Request = request, IdempotencyKey = Preconditions.IdempotencyKey(http) }, ct);
            http.HttpContext.Response.Headers.ETag = Preconditions.ETag(details.Version);
            return TypedResults.Created($"/api/cases/{details.Id}", details);
        })
        .RequireAuthorization(Policies.Register)
        .WithName("RegisterCase")
        .WithSummary("Register a request (依申请公开); Idempotency-Key makes a retry return the first result.");
}

/// <summary>A replayed registration returns the case as it is now: the idempotency record keeps only its id, not the applicant's data.</summary>
internal sealed class RegisterCaseReplay(CaseReader reader) : IReplayReader<RegisterCaseCommand, CaseDetails>
{
    public string Reference(CaseDetails response) => response.Id.ToString();

    public async ValueTask<CaseDetails?> Read(string reference, CancellationToken cancellationToken) => await reader.Find(Guid.Parse(reference), cancellationToken);
}
