namespace CaseTracker.Domain.Documents;

/// <summary>Where a block stands on the page (GB/T 9704-2012 §7): title, number under it, addressee (主送), body, items, 落款.</summary>
public enum BlockRole { Title, Number, Addressee, Body, Item, Signature, Date }

/// <summary>Fixed text (<see cref="Text"/>) or a field (<see cref="FieldKey"/>, filled from the draft; "number" is the 文号).</summary>
public sealed record LayoutSegment(string? Text, string? FieldKey);

/// <summary>One paragraph of a default document: its role and its run of fixed text and fields.</summary>
public sealed record LayoutBlock(BlockRole Role, IReadOnlyList<LayoutSegment> Segments);

/// <summary>One paragraph of a filled document: its role and its text (a value's line breaks kept as '\n').</summary>
public sealed record FilledBlock(BlockRole Role, string Text);

/// <summary>
/// The wording of the default document of each kind: paragraphs of fixed text and fields, the same for every case of the kind
/// (what varies — the outcome's words, the article, the remedies — is in fields). The default DOCX templates and the
/// printable page are both built from it; a paragraph whose fields are all empty and that has no fixed text is left out.
/// </summary>
public static class DocumentLayout
{
    private const string Intro = "本机关于{receivedOn}收到您提出的政府信息公开申请（案件编号：{case.number}），您申请获取的政府信息为：“{description}”。";

    private static readonly IReadOnlyDictionary<DocumentKind, IReadOnlyList<LayoutBlock>> Layouts = new Dictionary<DocumentKind, IReadOnlyList<LayoutBlock>>
    {
        [DocumentKind.Receipt] = Letter(
            "本机关于{receivedOn}收到您以{channel}方式提出的政府信息公开申请，已予登记，案件编号为{case.number}。您申请获取的政府信息为：“{description}”。",
            "{receiptNote}",
            "根据{article}的规定，本机关将最迟于{dueOn}作出答复；答复期限依法延长或者中止计算的，本机关将另行书面告知。",
            "您可凭案件编号和查询码{lookupCode}查询办理进度。{lookupWhere}",
            "{body}"),
        [DocumentKind.SupplementNotice] = Letter(
            Intro,
            "经审查，您的申请内容不明确。根据{article}的规定，现一次性告知您需要补正的事项如下：",
            "\u0001{items}",
            "请最迟于{supplyBy}向本机关提交补正。答复期限自本机关收到补正后的申请之日起计算，补正所需时间不计算在答复期限内。您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
            "{body}"),
        [DocumentKind.ConsultationLetter] = Letter(
            "本机关于{receivedOn}收到一份政府信息公开申请（案件编号：{case.number}），申请公开的政府信息为：“{information}”。",
            "{concern}",
            "根据{article}的规定，本机关于{sentOn}书面征求你方意见。请最迟于{replyBy}将是否同意公开的意见及理由书面反馈本机关。",
            "联系方式：{replyTo}",
            "{silence}",
            "{body}"),
        [DocumentKind.ConsultationNotice] = Letter(
            Intro,
            "本机关已于{sentOn}就该申请书面征求{party}的意见。根据{article}的规定，征求意见所需时间不计算在答复期限内。{pauseNote}",
            "{body}"),
        [DocumentKind.ExtensionNotice] = Letter(
            Intro,
            "因{reason}，本机关不能在原答复期限（至{originalDueOn}）内作出答复。经本机关政府信息公开工作机构负责人同意，根据{article}的规定，答复期限延长{extensionDays}个工作日，延长后的答复期限至{newDueOn}。",
            "{body}"),
        [DocumentKind.DeferralNotice] = Letter(
            Intro,
            "您申请公开政府信息的数量、频次明显超过合理范围。经审查，本机关认为您说明的理由合理，根据{article}的规定，确定延迟答复：原答复期限至{originalDueOn}，延迟后的答复期限至{newDueOn}。",
            "{reason}",
            "{body}"),
        [DocumentKind.FeeNotice] = Letter(
            Intro,
            "根据{article}的规定，本机关对您的申请收取信息处理费。计收方式：{method}；计费数量：{count}；收费标准：{bands}；应缴金额：{amount}。",
            "请最迟于{payBy}缴纳，缴纳方式：{payment}。{pauseNote}您逾期未缴纳信息处理费的，视为放弃申请，本机关不再处理该政府信息公开申请。",
            "{body}"),
        [DocumentKind.Answer] = Letter(
            Intro,
            "{outcome}",
            "{provided}",
            "{reason}",
            "根据{article}的规定，特此告知。",
            "{remedies}",
            "{body}"),
        [DocumentKind.DeliveryRecord] = Form(
            "受送达人：{addressee}",
            "案件编号：{case.number}",
            "送达文书：{documents}",
            "送达方式：{method}",
            "送达日期：{deliveredOn}",
            "邮件号码：{trackingNumber}",
            "送达地址：{address}",
            "签收人：{signedBy}",
            "送达人：{deliveredBy}",
            "备注：{body}",
            "依据：国办公开办函〔2016〕235号"),
    };

    /// <summary>The paragraphs of the default document of <paramref name="kind"/>, title first, date last.</summary>
    public static IReadOnlyList<LayoutBlock> Of(DocumentKind kind) => Layouts[kind];

    /// <summary>
    /// The paragraphs of <paramref name="draft"/>'s default document with its fields and <paramref name="number"/> (文号) filled
    /// in, as the DOCX default template prints them: a paragraph made only of empty fields is left out. The printable page is
    /// rendered from these.
    /// </summary>
    public static IReadOnlyList<FilledBlock> Fill(DocumentDraft draft, string number)
    {
        var values = draft.Fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        values["number"] = number;
        values.TryAdd("title", draft.Title);
        values.TryAdd("addressee", draft.Addressee);
        return Of(draft.Kind)
            .Where(b => !WithoutLookup(b, values.GetValueOrDefault("lookupCode")))
            .Select(b => new FilledBlock(b.Role, string.Concat(b.Segments.Select(s => s.Text ?? values.GetValueOrDefault(s.FieldKey!, "")))))
            .Where(b => b.Text.Trim().Length > 0)
            .ToList();
    }

    /// <summary>
    /// Whether <paramref name="block"/> is the receipt's 查询码 paragraph and the receipt carries no 查询码 (<paramref name="lookupCode"/>
    /// empty: a receipt of a closed or Regime 2008 case, which promises no online lookup): such a paragraph is left out.
    /// </summary>
    public static bool WithoutLookup(LayoutBlock block, string? lookupCode)
        => block.Segments.Any(s => s.FieldKey == "lookupCode") && string.IsNullOrWhiteSpace(lookupCode);

    private static readonly IReadOnlyDictionary<DocumentKind, IReadOnlySet<string>> Punctuated = Layouts.ToDictionary(
        l => l.Key,
        l => (IReadOnlySet<string>)l.Value.SelectMany(b => b.Segments.Zip(b.Segments.Skip(1)))
            .Where(p => p.First.FieldKey is not null && p.Second.Text is { Length: > 0 } t && "。，；、".Contains(t[0]))
            .Select(p => p.First.FieldKey!).ToHashSet(StringComparer.Ordinal));

    /// <summary>The fields the default layout of <paramref name="kind"/> follows with a mark of punctuation (。，；、): their own closing full stop is dropped.</summary>
    public static IReadOnlySet<string> FollowedByPunctuation(DocumentKind kind) => Punctuated[kind];

    /// <summary>The field keys the default layout of <paramref name="kind"/> uses, in order of first use.</summary>
    public static IReadOnlyList<string> FieldKeysOf(DocumentKind kind)
        => Of(kind).SelectMany(b => b.Segments).Select(s => s.FieldKey).OfType<string>().Distinct().ToList();

    private static IReadOnlyList<LayoutBlock> Letter(params string[] body)
        => [Block(BlockRole.Title, "{title}"), Block(BlockRole.Number, "{number}"), Block(BlockRole.Addressee, "{addressee}："),
            Block(BlockRole.Body, "{correctionNote}"),
            .. body.Select(b => b.StartsWith('\u0001') ? Block(BlockRole.Item, b[1..]) : Block(BlockRole.Body, b)),
            Block(BlockRole.Signature, "{agency}"), Block(BlockRole.Date, "{issuedOn}")];

    private static IReadOnlyList<LayoutBlock> Form(params string[] items)
        => [Block(BlockRole.Title, "{title}"), Block(BlockRole.Number, "{number}"),
            Block(BlockRole.Item, "{correctionNote}"),
            .. items.Select(i => Block(BlockRole.Item, i)),
            Block(BlockRole.Signature, "{agency}"), Block(BlockRole.Date, "{issuedOn}")];

    private static LayoutBlock Block(BlockRole role, string pattern)
    {
        var segments = new List<LayoutSegment>();
        var i = 0;
        while (i < pattern.Length)
        {
            var open = pattern.IndexOf('{', i);
            if (open < 0)
            {
                segments.Add(new LayoutSegment(pattern[i..], null));
                break;
            }

            if (open > i) segments.Add(new LayoutSegment(pattern[i..open], null));
            var close = pattern.IndexOf('}', open);
            segments.Add(new LayoutSegment(null, pattern[(open + 1)..close]));
            i = close + 1;
        }

        return new LayoutBlock(role, segments);
    }
}
