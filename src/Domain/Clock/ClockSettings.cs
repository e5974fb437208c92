namespace CaseTracker.Domain.Clock;

/// <summary>The configurable parts of the clock; the defaults are those of law.md §4.</summary>
public sealed record ClockSettings
{
    public static ClockSettings Default { get; } = new();

    /// <summary>补正 notice must be sent within this many working days of receipt (Art. 30).</summary>
    public int SupplementNoticeWindowWorkingDays { get; init; } = 7;

    /// <summary>Time given to the applicant to supply what is missing when the office sets none.</summary>
    public int DefaultSupplyWorkingDays { get; init; } = 15;

    /// <summary>The consulted party's time to reply (Art. 32, 34); the pause ends then at the latest.</summary>
    public int ConsultationLimitWorkingDays { get; init; } = 15;

    /// <summary>The applicant's time to pay a fee notice (国办函〔2020〕109号).</summary>
    public int FeePaymentLimitWorkingDays { get; init; } = 20;

    /// <summary>Whether the time from fee notice to payment is not counted (on by default).</summary>
    public bool FeePauseEnabled { get; init; } = true;

    /// <summary>
    /// Whether a receipt recorded on a day that is not a working day counts as received on the next working day
    /// (law.md §3, "收到日为休息日，顺延至下一工作日"); on by default, every channel and regime.
    /// </summary>
    public bool ShiftRestDayReceipt { get; init; } = true;

    /// <summary>Fees exist only for cases received from this date.</summary>
    public static readonly DateOnly FeesFrom = new(2021, 1, 1);

    /// <summary>
    /// The revision of the clock's rules: raised whenever a change of <see cref="StatutoryClock"/> can give a stored case
    /// another status, due date or "closed late" (2: rest-day receipt and the Regime 2008 consultation of issue 10).
    /// </summary>
    public const int RulesRevision = 2;

    /// <summary>
    /// The rules revision and every setting, as one text: when it differs from the one the register's cases were last
    /// computed under, their stored projections are recomputed.
    /// </summary>
    public string Fingerprint
        => $"rules {RulesRevision}; window {SupplementNoticeWindowWorkingDays}; supply {DefaultSupplyWorkingDays}; consultation {ConsultationLimitWorkingDays}; "
           + $"fee limit {FeePaymentLimitWorkingDays}; fee pause {FeePauseEnabled}; rest-day shift {ShiftRestDayReceipt}";
}
