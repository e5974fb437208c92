using System.Collections;
using System.Globalization;
using System.Resources;
using CaseTracker.Api.Desk;
using CaseTracker.Api.Desk.Cases;
using CaseTracker.Api.Desk.Shared;
using CaseTracker.Api.Identity;
using CaseTracker.Domain.Alerts;
using CaseTracker.Domain.Cases;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CaseTracker.Desk.Tests;

/// <summary>Every code a screen shows has its Chinese name; dates and times are written the office's way.</summary>
public sealed class DeskNamesTests
{
    private static readonly IStringLocalizer<DeskText> T = new StringLocalizer<DeskText>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    private static void AllNamed<TEnum>() where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            var name = T[$"{typeof(TEnum).Name}_{value}"];
            Assert.False(name.ResourceNotFound, $"DeskText.resx has no name for {typeof(TEnum).Name}.{value}");
            Assert.DoesNotMatch("[A-Za-z]{3,}", name.Value);
        }
    }

    [Fact]
    public void EveryEnumShownOnAScreen_HasAChineseName()
    {
        AllNamed<Channel>();
        AllNamed<LetterMail>();
        AllNamed<CaseStatus>();
        AllNamed<ApplicantKind>();
        AllNamed<DeliveryForm>();
        AllNamed<DeliveryMethod>();
        AllNamed<ConsultationKind>();
        AllNamed<FeeMethod>();
        AllNamed<Regime>();
        AllNamed<AlertKind>();
        AllNamed<CaseTracker.Domain.Clock.PauseReason>();
        AllNamed<CaseTracker.Domain.Proceedings.ProceedingKind>();
        AllNamed<CaseTracker.Domain.Proceedings.ProceedingResult>();
        AllNamed<CaseTracker.Domain.Calendar.DayKind>();
        Assert.All(Roles.All, r => Assert.DoesNotMatch("[A-Za-z]", T.Role(r)));
    }

    [Fact]
    public void Names_ReadAsTheOfficeWritesThem()
    {
        Assert.Equal("网络", T.Name(Channel.Online));
        Assert.Equal("信函·平信", T.Channel(Channel.Letter, LetterMail.Ordinary));
        Assert.Equal("即将到期", T.AlertKind("DueSoon"));
        Assert.Equal("NoSuchKind", T.AlertKind("NoSuchKind"));
        Assert.Equal("1.属于国家秘密", T.Outcome(Regime.Regime2019, "Withheld.StateSecret"));
        Assert.Equal("申请人撤回申请", T.Outcome(Regime.Regime2008, "Withdrawn"));
        Assert.Equal("2026-09-01", DeskNames.Date(new DateOnly(2026, 9, 1)));
        Assert.Equal("2026-11-25 10:00", DeskNames.Time(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero)));
        Assert.True(DeskNames.TryParseDate("2026-09-01", out var date) && date == new DateOnly(2026, 9, 1));
        Assert.False(DeskNames.TryParseDate("2026/09/01", out _));
    }
    private static Dictionary<string, string> Entries(string baseName)
    {
        var set = new ResourceManager(baseName, typeof(DeskText).Assembly).GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    /// <summary>
    /// One name per code across the screens' two catalogues: a key in both CaseText.resx and DeskText.resx must read the same
    /// (直接送达 on the case page, 当面领取 in the list was the review's finding); and a register value's name (Type_Value of an
    /// enum the desk shows) lives in DeskText only, which CaseLabels falls back to, so it cannot drift again.
    /// </summary>
    [Fact]
    public void NoKey_HasTwoDifferentChineseNames_AndValueNamesLiveInDeskTextOnly()
    {
        var desk = Entries("CaseTracker.Api.Desk.DeskText");
        var cases = Entries("CaseTracker.Api.Desk.Cases.CaseText");
        Assert.NotEmpty(desk);
        Assert.NotEmpty(cases);
        var differing = cases.Keys.Where(desk.ContainsKey).Where(k => cases[k] != desk[k]).Select(k => $"{k}: {cases[k]} / {desk[k]}").ToList();
        Assert.True(differing.Count == 0, "Two Chinese names for one key: " + string.Join("; ", differing));

        Type[] shown = [typeof(Channel), typeof(LetterMail), typeof(CaseStatus), typeof(ApplicantKind), typeof(DeliveryForm), typeof(DeliveryMethod),
            typeof(ConsultationKind), typeof(FeeMethod), typeof(Regime)];
        var valueNames = shown.SelectMany(t => Enum.GetNames(t).Select(v => $"{t.Name}_{v}")).ToList();
        Assert.DoesNotContain(valueNames, cases.ContainsKey);
        Assert.All(valueNames, k => Assert.True(desk.ContainsKey(k), $"DeskText.resx has no {k}"));
    }

    [Fact]
    public void DeliveryInPerson_HasTheTermOfTheDeliveryRecord_OnEveryScreen()
    {
        var caseText = new StringLocalizer<CaseText>(
            new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));
        // documents.md, 送达回证: 直接送达, 委托送达, 邮寄送达, 电子送达; the paper itself writes 直接送达 (CaseDocuments.DeliveryRecord).
        Assert.Equal("直接送达", T.Name(DeliveryMethod.InPerson));
        Assert.Equal("直接送达", caseText.Of(DeliveryMethod.InPerson));
        Assert.Equal("第三方", caseText.Of(ConsultationKind.ThirdParty));
        Assert.Equal(T.Name(Channel.Letter), caseText.Of(Channel.Letter));
    }
}
