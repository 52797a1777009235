using Solvers.Linear.Solving;
using Spectre.Console;

namespace Solvers.Cli.Output;

/// <summary>
/// A residual-driven progress bar on stderr: progress is log(r0 / r) / log(r0 / target), so a solve that
/// converges linearly fills the bar at a steady rate. Shown only when stderr is a terminal.
/// </summary>
internal sealed class ProgressDisplay
{
    public static bool Enabled => !Console.IsErrorRedirected;

    /// <summary>Runs <paramref name="work"/>, giving it a monitor that drives the bar.</summary>
    public static T Run<T>(string title, double relativeTarget, Func<IIterationMonitor?, T> work)
    {
        if (!Enabled) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title, maxValue: 1.0);
                result = work(new Monitor(task, relativeTarget));
                task.Value = task.MaxValue;
            });
        return result;
    }

    private sealed class Monitor(ProgressTask task, double target) : IIterationMonitor
    {
        private double _first = double.NaN;

        public void OnIteration(in IterationInfo info)
        {
            if (double.IsNaN(_first)) _first = Math.Max(info.RelativeResidual, 1e-300);
            if ((info.Iteration & 15) != 0) return;
            double span = Math.Log(_first / target);
            double done = span > 0 ? Math.Log(_first / Math.Max(info.RelativeResidual, 1e-300)) / span : 1;
            task.Value = Math.Clamp(done, 0, 0.999);
            task.Description = $"it {info.Iteration}  r/b {info.RelativeResidual:E2}";
        }
    }
}
