namespace Solvers.Linear.IO;

/// <summary>
/// Malformed Matrix Market input. The message names the source, the 1-based line and what is wrong, e.g.
/// <c>bcsstk25.mtx line 17: column index 0 out of range [1, 15439]</c>. A reader that throws this returns
/// nothing: there is never a partial matrix.
/// </summary>
public sealed class MatrixMarketException : FormatException
{
    /// <summary>Creates the exception; the message is composed from the three parts.</summary>
    /// <param name="reason">What is wrong, without the location (e.g. "value is NaN").</param>
    /// <param name="lineNumber">1-based line number (one past the last line for a truncated input).</param>
    /// <param name="sourceName">File name or other label of the input; null when unknown.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public MatrixMarketException(string reason, long lineNumber, string? sourceName = null, Exception? innerException = null)
        : base(Compose(reason, lineNumber, sourceName), innerException)
    {
        Reason = reason;
        LineNumber = lineNumber;
        SourceName = sourceName;
    }

    /// <summary>1-based number of the offending line; for a truncated input, the line after the last one.</summary>
    public long LineNumber { get; }

    /// <summary>The file name (or label given to the reader) of the input; null when none was given.</summary>
    public string? SourceName { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Reason { get; }

    private static string Compose(string reason, long lineNumber, string? sourceName) =>
        string.IsNullOrEmpty(sourceName) ? $"line {lineNumber}: {reason}" : $"{sourceName} line {lineNumber}: {reason}";
}
