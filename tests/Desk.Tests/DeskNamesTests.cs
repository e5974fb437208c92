using CaseTracker.Api.Desk;
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
}
