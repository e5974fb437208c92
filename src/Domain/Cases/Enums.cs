namespace CaseTracker.Domain.Cases;

/// <summary>Which text of the Regulation governs a case, chosen by its receipt date (law.md §1).</summary>
public enum Regime
{
    /// <summary>Order 492, receipt before 2019-05-15.</summary>
    Regime2008,
    /// <summary>Order 711, receipt on or after 2019-05-15.</summary>
    Regime2019,
}

/// <summary>How the request arrived (law.md §3).</summary>
public enum Channel { InPerson, Letter, Online, Fax }

/// <summary>For letters: signed-for (registered/EMS) or ordinary mail.</summary>
public enum LetterMail { Signed, Ordinary }

public enum ApplicantKind { NaturalPerson, Commercial, Research, PublicInterest, LegalService, OtherOrganization }

public enum DeliveryForm { Paper, Email, Disc, Inspection }

public enum ConsultationKind { ThirdParty, OtherAgency }

/// <summary>
/// How a fee is charged: <see cref="PerRequest"/> (按件) or <see cref="PerPage"/> (按量), the 信息处理费 of Regime 2019 cases received
/// from 2021-01-01 (国办函〔2020〕109号); <see cref="Cost"/>, the cost fees of a Regime 2008 case (检索费、复制费、邮寄费, 2008 Art. 27),
/// amounts typed by the office from its own cost schedule.
/// </summary>
public enum FeeMethod { PerRequest, PerPage, Cost }

/// <summary>The three cost fees of 2008 Art. 27: 检索费 (search), 复制费 (copying), 邮寄费 (postage).</summary>
public enum CostFeeKind { Search, Copy, Post }

/// <summary>One cost fee of a Regime 2008 fee notice (2008 Art. 27): its kind and the amount in yuan (fen at most).</summary>
public sealed record CostFeeItem(CostFeeKind Kind, decimal AmountYuan);

public enum DeliveryMethod { InPerson, Post, Email, Online, Fax }

public enum CaseStatus
{
    /// <summary>No receipt date yet: no clock runs.</summary>
    AwaitingConfirmation,
    /// <summary>The clock runs.</summary>
    InProgress,
    /// <summary>补正 notice sent; the clock restarts when the supplement arrives.</summary>
    AwaitingSupplement,
    /// <summary>A written consultation is open; its working days are not counted.</summary>
    Consulting,
    /// <summary>A fee notice is unpaid; its working days are not counted.</summary>
    AwaitingFee,
    /// <summary>Decided, not yet delivered.</summary>
    Decided,
    Closed,
}

public static class Regimes
{
    public static readonly DateOnly Regulation2008InForce = new(2008, 5, 1);
    public static readonly DateOnly Regulation2019InForce = new(2019, 5, 15);

    public static Regime ForReceiptDate(DateOnly receiptDate)
        => receiptDate < Regulation2019InForce ? Regime.Regime2008 : Regime.Regime2019;

    /// <summary>Answer deadline in working days: 15 (2008 Art. 24) or 20 (Art. 33).</summary>
    public static int AnswerWorkingDays(this Regime regime) => regime == Regime.Regime2008 ? 15 : 20;

    /// <summary>Longest extension in working days: 15 (2008) or 20 (2019).</summary>
    public static int MaxExtensionWorkingDays(this Regime regime) => regime == Regime.Regime2008 ? 15 : 20;
}
