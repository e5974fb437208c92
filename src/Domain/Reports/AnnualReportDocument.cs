namespace CaseTracker.Domain.Reports;

/// <summary>A computed report with what it is about: the agency, whether it rolls up the subtree, when.</summary>
public sealed record AnnualReportDocument(
    AnnualReport Report, string AgencyCode, string AgencyName, bool Subtree, DateTimeOffset GeneratedAt, bool Provisional);
