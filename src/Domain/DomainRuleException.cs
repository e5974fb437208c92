namespace CaseTracker.Domain;

/// <summary>A rule of the Regulation or of the register refuses the action; the message is written for a clerk.</summary>
public class DomainRuleException(string message) : Exception(message);

/// <summary>The input itself is malformed (not a rule refusing a well-formed action).</summary>
public sealed class InvalidInputException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
