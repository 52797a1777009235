using System.Text;
using Solvers.Linear.IO;
using Solvers.Linear.Storage;
using Xunit.Abstractions;

namespace Solvers.Linear.Tests.IO;

/// <summary>
/// Random corruptions of small valid files: each must either parse to a valid matrix or raise a
/// <see cref="MatrixMarketException"/> with a plausible line number; nothing else, and no hang.
/// </summary>
public class MatrixMarketFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Bases =
    [
        "%%MatrixMarket matrix coordinate real symmetric\n% a small SPD matrix\n%\n5 5 8\n1 1 4.5\n2 1 -1\n2 2 4\n3 2 -1.25e-1\n3 3 4\n4 3 -1\n4 4 4\n5 5 1e+2\n",
        "%%MatrixMarket matrix coordinate real general\n4 3 6\n1 1 1.5\n2 1 -.25\n4 1 3\n2 2 7e-3\n3 3 -9\n4 3 0\n",
        "%%MatrixMarket matrix coordinate integer skew-symmetric\n4 4 3\n2 1 3\n3 1 -2\n4 2 5\n",
        "%%MatrixMarket matrix coordinate pattern general\n3 3 4\n1 1\n1 3\n2 2\n3 1\n",
        "%%MatrixMarket matrix array real symmetric\n% dense\n3 3\n2\n-1\n0\n2\n-1\n2\n",
        "%%MatrixMarket matrix array real general\n4 1\n1.5\n0\n-2\n1e10\n",
    ];

    private static readonly string[] Replacements =
        ["NaN", "Infinity", "-Infinity", "1e999", "1e308", "-1.7976931348623157e308", "-1", "0", "99999999999", "2147483648", "1.5", "abc", "-0", "", "+", "1e", "%", "symmetric", "complex"];

    private const string InsertPool = "0123456789 -+.eE%\n\n\t\rNaIxyz,\0\u00e9\u2028";

    [Fact]
    public async Task RandomCorruptions_ParseOrRaiseMatrixMarketException()
    {
        var random = new Random(424242);
        int parsed = 0, rejected = 0;
        var task = Task.Run(() =>
        {
            for (int trial = 0; trial < 600; trial++)
            {
                int b = trial % Bases.Length;
                string text = Bases[b];
                var applied = new List<string>();
                int corruptions = 1 + random.Next(3);
                for (int c = 0; c < corruptions; c++) text = Corrupt(text, random, applied);
                string description = $"trial {trial} base {b} [{string.Join(", ", applied)}]: {Escape(text)}";
                int lines = text.Count(ch => ch == '\n' || ch == '\r') + 1;
                try
                {
                    var a = MatrixMarket.ReadMatrix(new StringReader(text), "fuzz.mtx");
                    // Re-validate through the public, checking constructor.
                    CsrMatrix.FromArrays(a.RowCount, a.ColumnCount, a.RowPointers, a.ColumnIndices, a.Values);
                    parsed++;
                }
                catch (MatrixMarketException ex)
                {
                    Assert.True(ex.LineNumber >= 1 && ex.LineNumber <= lines + 1, $"line {ex.LineNumber} of {lines}: {ex.Message}; {description}");
                    Assert.StartsWith("fuzz.mtx line ", ex.Message);
                    rejected++;
                }
                catch (Exception ex)
                {
                    Assert.Fail($"{ex.GetType().Name}: {ex.Message}; {description}");
                }

                if (b == Bases.Length - 1)
                {
                    try
                    {
                        MatrixMarket.ReadVector(new StringReader(text));
                    }
                    catch (MatrixMarketException)
                    {
                    }
                    catch (Exception ex)
                    {
                        Assert.Fail($"ReadVector: {ex.GetType().Name}: {ex.Message}; {description}");
                    }
                }
            }
        });
        await task.WaitAsync(TimeSpan.FromSeconds(30)); // TimeoutException if the reader hangs
        output.WriteLine($"parsed {parsed}, rejected {rejected}");
        Assert.True(parsed > 30, $"only {parsed} corruptions parsed; the fuzzer is too destructive to test acceptance");
        Assert.True(rejected > 300, $"only {rejected} corruptions rejected");
    }

    private static string Corrupt(string text, Random random, List<string> applied)
    {
        var lines = text.Split('\n').ToList();
        switch (random.Next(7))
        {
            case 0 when text.Length > 0:
            {
                int p = random.Next(text.Length);
                applied.Add($"delete char {p}");
                return text.Remove(p, 1);
            }
            case 1:
            {
                int p = random.Next(text.Length + 1);
                char c = InsertPool[random.Next(InsertPool.Length)];
                applied.Add($"insert {(int)c} at {p}");
                return text.Insert(p, c.ToString());
            }
            case 2 when lines.Count > 0:
            {
                int l = random.Next(lines.Count);
                applied.Add($"duplicate line {l + 1}");
                lines.Insert(l, lines[l]);
                return string.Join('\n', lines);
            }
            case 3 when lines.Count > 0:
            {
                int l = random.Next(lines.Count);
                applied.Add($"delete line {l + 1}");
                lines.RemoveAt(l);
                return string.Join('\n', lines);
            }
            case 4:
            {
                int p = random.Next(text.Length + 1);
                applied.Add($"truncate at {p}");
                return text[..p];
            }
            case 5 when lines.Count > 1:
            {
                int l1 = random.Next(lines.Count), l2 = random.Next(lines.Count);
                applied.Add($"swap lines {l1 + 1} and {l2 + 1}");
                (lines[l1], lines[l2]) = (lines[l2], lines[l1]);
                return string.Join('\n', lines);
            }
            default:
            {
                // Replace one whitespace-separated token (a number, mostly) by something hostile.
                var tokens = new List<(int Start, int Length)>();
                for (int i = 0; i < text.Length;)
                {
                    while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
                    int start = i;
                    while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
                    if (i > start) tokens.Add((start, i - start));
                }
                if (tokens.Count == 0) return text;
                var (s, n) = tokens[random.Next(tokens.Count)];
                string r = Replacements[random.Next(Replacements.Length)];
                applied.Add($"replace '{text.Substring(s, n)}' with '{r}'");
                return new StringBuilder(text).Remove(s, n).Insert(s, r).ToString();
            }
        }
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t").Replace("\0", "\\0");
}
