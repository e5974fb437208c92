using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using S = DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace CaseTracker.Api.Tests.Attachments;

/// <summary>Real, small files of each accepted type, built here byte by byte (or with OpenXml), as a scanner or an office program would write them.</summary>
public static class SampleFiles
{
    /// <summary>A one-page PDF 1.4 with its cross-reference table (offsets computed).</summary>
    public static byte[] Pdf(string text = "Scan")
    {
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            $"<< /Length {18 + text.Length} >>\nstream\nBT ({text}) Tj ET\nendstream",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append($"{offset:D10} 00000 n \n");
        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>A PNG of <paramref name="width"/> × <paramref name="height"/> grey pixels (IHDR, zlib IDAT, IEND, each with its CRC).</summary>
    public static byte[] Png(int width = 4, int height = 4)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (grey), compression, filter, interlace 0
        Chunk(output, "IHDR", header);
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                for (var x = 0; x < width; x++) zlib.WriteByte(0x80);
            }

        Chunk(output, "IDAT", raw.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>
    /// A baseline JPEG of one 8 × 8 block of mid grey: quantisation table, frame, Huffman tables of one code each (DC category 0,
    /// AC end-of-block) and the two bits of entropy-coded data.
    /// </summary>
    public static byte[] Jpeg()
    {
        var jpeg = new List<byte> { 0xFF, 0xD8 };
        jpeg.AddRange([0xFF, 0xDB, 0x00, 0x43, 0x00]);
        jpeg.AddRange(Enumerable.Repeat((byte)1, 64));
        jpeg.AddRange([0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00]);
        jpeg.AddRange([0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00]);
        jpeg.AddRange([0xFF, 0xC4, 0x00, 0x14, 0x10, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00]);
        jpeg.AddRange([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
        jpeg.Add(0x3F); // DC "0" (difference 0), AC "0" (end of block), padded with ones
        jpeg.AddRange([0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    /// <summary>A little-endian baseline TIFF of one 8-bit grey pixel (header, one IFD of 8 entries, the strip).</summary>
    public static byte[] Tiff()
    {
        var entries = new (ushort Tag, ushort Type, uint Value)[]
        {
            (256, 3, 1), (257, 3, 1), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, 0), (278, 3, 1), (279, 4, 1),
        };
        var ifdLength = 2 + entries.Length * 12 + 4;
        var stripOffset = (uint)(8 + ifdLength);
        var tiff = new byte[stripOffset + 1];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), (ushort)entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var at = tiff.AsSpan(10 + i * 12);
            BinaryPrimitives.WriteUInt16LittleEndian(at, entries[i].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(at[2..], entries[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(at[4..], 1);
            var value = entries[i].Tag == 273 ? stripOffset : entries[i].Value;
            if (entries[i].Type == 3) BinaryPrimitives.WriteUInt16LittleEndian(at[8..], (ushort)value);
            else BinaryPrimitives.WriteUInt32LittleEndian(at[8..], value);
        }

        tiff[stripOffset] = 0x80;
        return tiff;
    }

    /// <summary>An OFD package (GB/T 33190): OFD.xml at the root naming Doc_0/Document.xml, with one page.</summary>
    public static byte[] Ofd()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "OFD.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD">
                  <ofd:DocBody><ofd:DocInfo><ofd:DocID>6f0d0c1e</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>
                </ofd:OFD>
                """);
            Entry(zip, "Doc_0/Document.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:MaxUnitID>1</ofd:MaxUnitID>
                <ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>
                <ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>
                """);
            Entry(zip, "Doc_0/Pages/Page_0/Content.xml", """<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"/>""");
        }

        return output.ToArray();
    }

    /// <summary>A DOCX with one paragraph, made with OpenXml.</summary>
    public static byte[] Docx(string text = "第三方意见：同意公开。")
    {
        using var output = new MemoryStream();
        using (var document = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new W.Document(new W.Body(new W.Paragraph(new W.Run(new W.Text(text)))));
        }

        return output.ToArray();
    }

    /// <summary>An XLSX with one sheet and one cell, made with OpenXml.</summary>
    public static byte[] Xlsx()
    {
        using var output = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new S.Workbook();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new S.Worksheet(new S.SheetData(new S.Row(new S.Cell { CellValue = new S.CellValue("1"), DataType = S.CellValues.Number })));
            workbook.Workbook.AppendChild(new S.Sheets(new S.Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "清单" }));
        }

        return output.ToArray();
    }

    /// <summary>A ZIP that is none of the accepted types (a plain archive of a text file).</summary>
    public static byte[] PlainZip()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true)) Entry(zip, "readme.txt", "hello");
        return output.ToArray();
    }

    private static void Entry(ZipArchive zip, string name, string text)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typed));
        output.Write(length);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }

        return ~crc;
    }
}

/// <summary>A stream of <paramref name="length"/> bytes that look random (a function of the position) (a PDF header first) that counts what was read from it; not seekable, so an upload of it has no Content-Length.</summary>
public sealed class CountingSource(long length, int seed = 19) : Stream
{
    private static readonly byte[] Head = "%PDF-1.7\n"u8.ToArray();

    /// <summary>How many bytes were read so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, length - BytesRead);
        if (n <= 0) return 0;
        for (var i = 0; i < n; i++)
        {
            var at = BytesRead + i;
            buffer[offset + i] = at < Head.Length ? Head[at] : (byte)(((ulong)at * 0x9E3779B97F4A7C15UL >> 40) ^ (ulong)seed);
        }

        BytesRead += n;
        return n;
    }

    /// <summary>The same bytes again, whole (for comparing with a download).</summary>
    public static byte[] Bytes(long length, int seed = 19)
    {
        using var source = new CountingSource(length, seed);
        var bytes = new byte[length];
        source.ReadExactly(bytes);
        return bytes;
    }
}
