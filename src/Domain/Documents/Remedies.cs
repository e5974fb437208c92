using CaseTracker.Domain.Cases;

namespace CaseTracker.Domain.Documents;

/// <summary>
/// The applicant's remedies clause of an answer letter: 行政复议 within 60 days (行政复议法) and 行政诉讼 within 6 months
/// (行政诉讼法 Art. 46, since 2015-05-01) or 3 months (1989 行政诉讼法 Art. 39, decisions before 2015-05-01), citing Art. 51
/// of the 2019 Regulation for decisions from 2019-05-15 and Art. 33 ¶2 of the 2008 one before.
/// </summary>
public static class Remedies
{
    /// <summary>The revised 行政诉讼法 (six months to sue, Art. 46) took effect on this day.</summary>
    public static readonly DateOnly SixMonthsFrom = new(2015, 5, 1);

    /// <summary>
    /// The clause for a decision of <paramref name="decidedOn"/> (China date). <paramref name="reviewBody"/>: the 复议机关 the
    /// agency configured, or null (the clause then says 依法申请行政复议); <paramref name="reviewCourt"/>: the court, or null
    /// (依法向人民法院). The article of the Regulation is the one in force on the decision date.
    /// </summary>
    public static string Clause(DateOnly decidedOn, string? reviewBody, string? reviewCourt)
    {
        var regulation = decidedOn >= Regimes.Regulation2019InForce
            ? AnswerWording.Regulation2019 + "第五十一条"
            : AnswerWording.Regulation2008 + "第三十三条第二款";
        var sixMonths = decidedOn >= SixMonthsFrom;
        var litigationLaw = sixMonths ? "《中华人民共和国行政诉讼法》第四十六条" : "《中华人民共和国行政诉讼法》（1989年）第三十九条";
        var period = sixMonths ? "6个月" : "3个月";
        var review = string.IsNullOrWhiteSpace(reviewBody) ? "依法申请行政复议" : $"依法向{reviewBody.Trim()}申请行政复议";
        var court = string.IsNullOrWhiteSpace(reviewCourt) ? "人民法院" : reviewCourt.Trim();
        return $"如对本答复不服，根据{regulation}、《中华人民共和国行政复议法》和{litigationLaw}的规定，您可以在收到本答复之日起60日内{review}，"
               + $"也可以在收到本答复之日起{period}内依法向{court}提起行政诉讼。";
    }
}
