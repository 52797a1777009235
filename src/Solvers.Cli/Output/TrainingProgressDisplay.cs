using Solvers.Linear.Dcdm.Training;
using Spectre.Console;

namespace Solvers.Cli.Output;

/// <summary>A progress bar over all training batches on stderr, showing the epoch and its running loss; only on a terminal.</summary>
internal static class TrainingProgressDisplay
{
    public static DcdmTrainingResult Run(DcdmTrainingOptions options, Func<DcdmTrainingOptions, DcdmTrainingResult> train)
    {
        if (!ProgressDisplay.Enabled) return train(options);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        DcdmTrainingResult result = null!;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("building training data (Lanczos)", maxValue: 1.0);
                var progress = new SynchronousProgress(p =>
                {
                    task.Value = ((p.Epoch - 1) + (double)p.Batch / p.Batches) / p.Epochs;
                    task.Description = $"epoch {p.Epoch}/{p.Epochs}  loss {p.Loss:G4}";
                });
                result = train(options with { Progress = progress });
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>Reports on the training thread: Progress&lt;T&gt; would post to the thread pool and arrive late or out of order.</summary>
    private sealed class SynchronousProgress(Action<DcdmTrainingProgress> report) : IProgress<DcdmTrainingProgress>
    {
        public void Report(DcdmTrainingProgress value) => report(value);
    }
}
