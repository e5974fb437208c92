namespace CaseTracker.Api.Desk.Reports;

/// <summary>The text of the 年度报告 screen (ReportScreenText.resx, Chinese).</summary>
public sealed class ReportScreenText;
