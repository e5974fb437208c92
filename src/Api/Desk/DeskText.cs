namespace CaseTracker.Api.Desk;

/// <summary>The screens' text (DeskText.resx, Chinese); another language is another .resx beside it.</summary>
public sealed class DeskText;
