using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Infrastructure;
using Mediator;

namespace CaseTracker.Api.Features.Cases.PreviewDueDate;

/// <summary>The due date a request received on <see cref="ReceivedOn"/> would have (law.md §3–4), before it is registered; null before 2008-05-01.</summary>
public sealed record PreviewDueDateQuery(DateOnly ReceivedOn) : IQuery<ClockReading?>;

internal sealed class PreviewDueDateHandler(RegisterClock clock) : IQueryHandler<PreviewDueDateQuery, ClockReading?>
{
    public ValueTask<ClockReading?> Handle(PreviewDueDateQuery query, CancellationToken cancellationToken)
    {
        if (query.ReceivedOn < Regimes.Regulation2008InForce) return new((ClockReading?)null);
        var events = new CaseEvent[] { new Registered(query.ReceivedOn, Channel.InPerson, null, query.ReceivedOn) };
        return new(StatutoryClock.Compute(events, clock.Calendar, clock.Settings));
    }
}
