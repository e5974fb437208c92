namespace CaseTracker.Bench;

/// <summary>The <c>--name value</c> options of a benchmark program's command line (linked into each benchmark project).</summary>
internal static class CommandLine
{
    /// <summary>The value after <c>--<paramref name="name"/></c> in <paramref name="args"/>, or <paramref name="fallback"/> when it is not given.</summary>
    public static string Arg(string[] args, string name, string fallback = "")
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
