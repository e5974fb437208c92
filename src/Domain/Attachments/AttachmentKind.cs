namespace CaseTracker.Domain.Attachments;

/// <summary>
/// What a file attached to a case is (issue 19): 申请书 (the application letter), 身份证明 (a copy of the applicant's ID),
/// 授权委托书 (a power of attorney), 信封/邮戳 (the envelope with its postmark, evidence of the receipt date of a letter),
/// 第三方意见 (a third party's written reply, Art. 32), 送达凭证 (the postal or signed receipt of a delivery) and 其他.
/// </summary>
public enum AttachmentKind
{
    Application,
    Identity,
    PowerOfAttorney,
    Envelope,
    ThirdPartyOpinion,
    DeliveryProof,
    Other,
}

/// <summary>The Chinese names of the attachment kinds, as the desk, the 卷内目录 and the case file show them.</summary>
public static class AttachmentKinds
{
    /// <summary>申请书, 身份证明, 授权委托书, 信封/邮戳, 第三方意见, 送达凭证 or 其他.</summary>
    public static string Name(AttachmentKind kind) => kind switch
    {
        AttachmentKind.Application => "申请书",
        AttachmentKind.Identity => "身份证明",
        AttachmentKind.PowerOfAttorney => "授权委托书",
        AttachmentKind.Envelope => "信封/邮戳",
        AttachmentKind.ThirdPartyOpinion => "第三方意见",
        AttachmentKind.DeliveryProof => "送达凭证",
        _ => "其他",
    };

    /// <summary>
    /// The kind named by its code (<c>Application</c> …) or its Chinese name (申请书 …, 信封 and 邮戳 alone too); null for
    /// anything else.
    /// </summary>
    public static AttachmentKind? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        if (Enum.TryParse<AttachmentKind>(t, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !char.IsDigit(t[0])) return kind;
        foreach (var k in Enum.GetValues<AttachmentKind>())
            if (Name(k) == t) return k;
        return t is "信封" or "邮戳" ? AttachmentKind.Envelope : null;
    }
}
