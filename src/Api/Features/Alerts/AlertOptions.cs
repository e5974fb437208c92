using CaseTracker.Domain.Alerts;

namespace CaseTracker.Api.Features.Alerts;

/// <summary><c>Alerts:DueSoonWorkingDays</c> (5, 3, 1) and the 补正-window warning.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    public int[] DueSoonWorkingDays { get; set; } = [5, 3, 1];
    public int SupplementWindowWarningWorkingDays { get; set; } = 2;

    /// <summary>The same settings as the domain's alert rules read them.</summary>
    public AlertSettings Rules => new() { DueSoonWorkingDays = DueSoonWorkingDays, SupplementWindowWarningWorkingDays = SupplementWindowWarningWorkingDays };
}
