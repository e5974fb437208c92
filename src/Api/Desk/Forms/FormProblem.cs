using CaseTracker.Api.Errors;
using CaseTracker.Domain;
using CaseTracker.Domain.Cases;

namespace CaseTracker.Api.Desk.Forms;

/// <summary>
/// What a command refused, for a form: one list of messages per field (shown beside the field) and a sentence for the
/// whole form (a rule of the Regulation, a version conflict). Field messages the validator writes are put in Chinese;
/// a rule's sentence is shown as the command wrote it.
/// </summary>
public sealed class FormProblem
{
    private readonly Dictionary<string, List<string>> fields = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The sentence for the form as a whole, or null.</summary>
    public string? Summary { get; set; }

    public bool Any => Summary is not null || fields.Count > 0;

    public IReadOnlyList<string> For(string field) => fields.TryGetValue(field, out var list) ? list : [];

    /// <summary>Field messages whose field has no input on the form, shown with the summary.</summary>
    public IEnumerable<string> Unplaced(IEnumerable<string> placed)
    {
        var shown = placed.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return fields.Where(f => !shown.Contains(f.Key)).SelectMany(f => f.Value);
    }

    public FormProblem Add(string field, string message)
    {
        if (!fields.TryGetValue(field, out var list)) fields[field] = list = [];
        list.Add(message);
        return this;
    }

    /// <summary>The problem an exception of a command stands for, or null when it is not one a clerk can act on (it is rethrown).</summary>
    public static FormProblem? From(Exception exception)
    {
        var problem = new FormProblem();
        switch (exception)
        {
            case ValidationException v:
                foreach (var (field, messages) in v.Errors)
                    foreach (var m in messages) problem.Add(field, Chinese(field, m));
                if (v.Summary is not null) problem.Summary = Zh(v.Summary);
                return problem;
            case InvalidInputException i:
                foreach (var (field, messages) in i.Errors)
                    foreach (var m in messages) problem.Add(field, Chinese(field, m));
                return problem;
            case ConcurrencyConflictException c:
                // The refusal names what changed (a case, an agency, a user) and says to reload: no sentence of the desk's own before it.
                problem.Summary = Zh(c.Message);
                return problem;
            case DomainRuleException d:
                problem.Summary = Zh(d.Message);
                return problem;
            case NotFoundException n:
                problem.Summary = Zh(n.Message);
                return problem;
            case ForbiddenException f:
                problem.Summary = "您没有办理这一步骤的权限。" + Zh(f.Message);
                return problem;
            case IdempotencyKeyReusedException:
                problem.Summary = "这张表单已提交过不同的内容，请重新打开登记页面。";
                return problem;
            default:
                return null;
        }
    }

    /// <summary>A refusal's English sentence in Chinese, from the refusal catalogue (Errors/Refusals.resx); as written when it has none.</summary>
    private static string Zh(string english) => string.IsNullOrEmpty(english) ? english : ChineseText.Instance.Zh(english);

    /// <summary>"Required" beside its field as 必填; every other sentence through the refusal catalogue (range and length included).</summary>
    public static string Chinese(string field, string message)
    {
        if (message == $"{field} is required.") return "必填。";
        return Zh(message);
    }
}
