using CaseTracker.Api.Desk.Forms;

namespace CaseTracker.Api.Desk.Cases;

/// <summary>
/// One input of a step form: its name is the command's field name, so the command's problems land beside it. <paramref name="Data"/>:
/// data-* attributes for desk.js (a count pre-filling an amount from a unit price); the form works without the script.
/// </summary>
public sealed record StepField(string Name, string Label, string Kind = "text", bool Required = true, IReadOnlyList<(string Value, string Text)>? Options = null,
    string? Default = null, string? Hint = null, IReadOnlyDictionary<string, string>? Groups = null, IReadOnlyDictionary<string, object>? Data = null);

/// <summary>A step the case can take next, as a form: shown only when the case's state allows it and the user's roles permit.</summary>
public sealed record StepForm(string Name, string Title, string Button, IReadOnlyList<StepField> Fields, Func<PostedForm, Task<FormProblem?>> Send);
