namespace Solvers.Cli.Commands;

/// <summary>
/// What every verb does around its work: Ctrl+C becomes a cancellation the solvers honour (and report as a status),
/// and caller mistakes (bad arguments, unreadable or malformed files) become one line on stderr and exit code 1.
/// </summary>
internal static class CommandHost
{
    public static int Run(string verb, Func<CancellationToken, int> body)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            return body(cancel.Token);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException)
        {
            Console.Error.WriteLine($"solvers {verb}: {e.Message}");
            return Program.ExitBadInput;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
