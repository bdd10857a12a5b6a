using System.Text;

namespace Logistics.Domain.Backtesting;

/// <summary>
/// Minimal RFC 4180 reader: comma separator, double-quote quoting (with "" escapes and line breaks
/// inside quotes), LF or CRLF. Yields each record with the 1-based line it starts on.
/// </summary>
internal static class CsvRecordReader
{
    public static IEnumerable<(int Line, List<string> Fields, string? Error)> Read(TextReader reader)
    {
        var line = 1;
        var first = true;
        while (true)
        {
            var startLine = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var inQuotes = false;
            var quotedField = false;
            string? error = null;
            int c;
            var any = false;
            while ((c = reader.Read()) != -1)
            {
                any = true;
                var ch = (char)c;
                if (first)
                {
                    first = false;
                    if (ch == '\uFEFF') continue; // optional BOM
                }
                if (inQuotes)
                {
                    if (ch == '"')
                    {
                        if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                        else inQuotes = false;
                    }
                    else
                    {
                        if (ch == '\n') line++;
                        field.Append(ch);
                    }
                    continue;
                }
                if (ch == '"')
                {
                    if (field.Length == 0 && !quotedField) { inQuotes = true; quotedField = true; }
                    else error ??= "stray quote in an unquoted field";
                    continue;
                }
                if (ch == ',') { fields.Add(field.ToString()); field.Clear(); quotedField = false; continue; }
                if (ch == '\r' && reader.Peek() == '\n') continue;
                if (ch == '\n') { line++; break; }
                field.Append(ch);
            }
            if (!any) yield break;
            if (inQuotes) error ??= "unterminated quoted field";
            fields.Add(field.ToString());
            // A blank line (e.g. a trailing newline) is not a record.
            if (fields.Count == 1 && fields[0].Length == 0 && error is null) { if (c == -1) yield break; continue; }
            yield return (startLine, fields, error);
            if (c == -1) yield break;
        }
    }
}
