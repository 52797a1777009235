using Spectre.Console;

namespace Solvers.Cli.Output;

/// <summary>A progress bar over the systems of a sequence, on stderr, shown only when stderr is a terminal.</summary>
internal static class SequenceProgress
{
    /// <summary>Runs <paramref name="work"/>, giving it a callback (system index, description) that advances the bar.</summary>
    public static void Run(string title, int count, Action<Action<int, string>> work)
    {
        if (Console.IsErrorRedirected)
        {
            work((_, _) => { });
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: Math.Max(count, 1));
                work((index, description) =>
                {
                    task.Value = index + 1;
                    task.Description = Markup.Escape($"{title}  {index + 1}/{count}  {description}");
                });
                task.Value = task.MaxValue;
            });
    }
}
