using System.Buffers.Binary;

namespace CaseTracker.Domain.Attachments;

/// <summary>The types of file a case may hold (issue 19), each recognised by its bytes, never by its name.</summary>
public enum FileType
{
    Pdf,
    Jpeg,
    Png,
    Tiff,
    /// <summary>OFD, the Chinese fixed-layout format of GB/T 33190-2016: a ZIP whose root holds OFD.xml.</summary>
    Ofd,
    Docx,
    Xlsx,
}

/// <summary>
/// Recognises a file's type from its first bytes and, for the ZIP-based types, the names of its entries: PDF
/// (<c>%PDF-</c>), JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A), TIFF (<c>II*\0</c> or <c>MM\0*</c>), and a ZIP
/// (<c>PK\3\4</c>) that is OFD (OFD.xml at its root), DOCX ([Content_Types].xml and word/document.xml) or XLSX
/// ([Content_Types].xml and xl/workbook.xml). Also what each type is called and which file names fit it.
/// </summary>
public static class FileTypes
{
    /// <summary>How many leading bytes <see cref="FromHead"/> needs (fewer only when the file is shorter).</summary>
    public const int HeadLength = 8;

    /// <summary>
    /// The type the first bytes show: a type, <see cref="ZipHead"/> when they start a ZIP (the entries then decide, see
    /// <see cref="FromZipEntries"/>), or null when they are none of the accepted types.
    /// </summary>
    public static FileType? FromHead(ReadOnlySpan<byte> head, out bool zip)
    {
        zip = false;
        if (head.StartsWith("%PDF-"u8)) return FileType.Pdf;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return FileType.Jpeg;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return FileType.Png;
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8)) return FileType.Tiff;
        if (head.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(head) == 0x04034B50) zip = true;
        return null;
    }

    /// <summary>The ZIP-based type the entry names show (OFD, DOCX or XLSX); null for any other ZIP.</summary>
    public static FileType? FromZipEntries(IEnumerable<string> names)
    {
        var set = names.Select(n => n.Replace('\\', '/').TrimStart('/')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (set.Contains("OFD.xml")) return FileType.Ofd;
        if (!set.Contains("[Content_Types].xml")) return null;
        if (set.Contains("word/document.xml")) return FileType.Docx;
        if (set.Contains("xl/workbook.xml")) return FileType.Xlsx;
        return null;
    }

    /// <summary>The media type a download carries.</summary>
    public static string MediaType(FileType type) => type switch
    {
        FileType.Pdf => "application/pdf",
        FileType.Jpeg => "image/jpeg",
        FileType.Png => "image/png",
        FileType.Tiff => "image/tiff",
        FileType.Ofd => "application/ofd",
        FileType.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };

    /// <summary>The type of a stored media type (<see cref="MediaType"/>); null for any other.</summary>
    public static FileType? FromMediaType(string mediaType)
        => Enum.GetValues<FileType>().Cast<FileType?>().FirstOrDefault(t => MediaType(t!.Value) == mediaType);

    /// <summary>The file name extensions (lower case, with the dot) a file of the type may carry; the first is the usual one.</summary>
    public static IReadOnlyList<string> Extensions(FileType type) => type switch
    {
        FileType.Pdf => [".pdf"],
        FileType.Jpeg => [".jpg", ".jpeg", ".jpe", ".jfif"],
        FileType.Png => [".png"],
        FileType.Tiff => [".tif", ".tiff"],
        FileType.Ofd => [".ofd"],
        FileType.Docx => [".docx"],
        _ => [".xlsx"],
    };

    /// <summary>What the type is called in a sentence: PDF, JPEG 图片 …</summary>
    public static string Name(FileType type) => type switch
    {
        FileType.Pdf => "PDF",
        FileType.Jpeg => "JPEG",
        FileType.Png => "PNG",
        FileType.Tiff => "TIFF",
        FileType.Ofd => "OFD",
        FileType.Docx => "DOCX",
        _ => "XLSX",
    };

    /// <summary>Whether a browser shows the type itself (images it draws and PDF), so the desk may preview it.</summary>
    public static bool Previewable(FileType type) => type is FileType.Pdf or FileType.Jpeg or FileType.Png;

    /// <summary>
    /// The type the name's extension claims, when the name has one of the accepted extensions; null for no extension or
    /// another one.
    /// </summary>
    public static FileType? ClaimedBy(string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension.Length == 0) return null;
        return Enum.GetValues<FileType>().Cast<FileType?>().FirstOrDefault(t => Extensions(t!.Value).Contains(extension));
    }
}
