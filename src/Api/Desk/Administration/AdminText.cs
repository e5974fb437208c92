namespace CaseTracker.Api.Desk.Administration;

/// <summary>The text of the 机构与用户 screens (AdminText.resx, Chinese).</summary>
public sealed class AdminText;
