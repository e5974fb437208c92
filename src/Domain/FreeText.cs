using System.Globalization;
using System.Text;

namespace CaseTracker.Domain;

/// <summary>
/// The one rule for free text the register stores (agency names, applicant fields, descriptions, reasons, summaries,
/// parties, items, holiday names…): it must show at least one visible character, and it may not hold control characters
/// other than tab and line breaks, non-characters (U+FFFE, U+FFFF, U+FDD0–U+FDEF…) or a broken surrogate. Such text
/// cannot be printed, exported (XLSX is XML, which refuses them) or searched, and a clerk cannot see what was typed.
/// </summary>
public static class FreeText
{
    /// <summary>Why <paramref name="text"/> cannot be stored as <paramref name="field"/>, or null when it can. Blank text is the caller's concern (required or not).</summary>
    public static string? Problem(string field, string text)
    {
        var visible = false;
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
                return $"{field} contains a broken character (a lone surrogate); retype the text.";
            i += used;
            if (Rune.IsControl(rune) && rune.Value is not ('\t' or '\n' or '\r'))
                return $"{field} contains control characters (U+{rune.Value:X4}); retype the text without them.";
            if (IsNonCharacter(rune.Value))
                return $"{field} contains U+{rune.Value:X4}, which is not a character; retype the text without it.";
            if (!visible && IsVisible(rune)) visible = true;
        }

        return visible || text.Length == 0 ? null : $"{field} has no visible character; write the text itself.";
    }

    /// <summary>Throws <see cref="InvalidInputException"/> (400, naming <paramref name="field"/>) when <see cref="Problem"/> refuses the text; null passes.</summary>
    public static void Check(string field, string? text)
    {
        if (text is not null && Problem(field, text) is { } problem) throw new InvalidInputException(field, problem);
    }

    /// <summary>Whether the character is one XML 1.0 (and so XLSX) can hold: tab, line breaks, and U+0020 upwards without surrogates and U+FFFE/U+FFFF.</summary>
    public static bool IsXmlCharacter(int value)
        => value is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);

    private static bool IsNonCharacter(int value) => value is >= 0xFDD0 and <= 0xFDEF || (value & 0xFFFE) == 0xFFFE;

    private static bool IsVisible(Rune rune)
        => !Rune.IsWhiteSpace(rune) && Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Surrogate);
}
