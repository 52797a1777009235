using System.Diagnostics;
using Solvers.Linear.Solving;

namespace Solvers.Transport;

/// <summary>
/// The stopping test and reporting shared by the iterative transport solvers: history, monitor, throttled
/// progress, cancellation, NaN, tolerance (under the chosen <see cref="StoppingRule"/>) and iteration limit.
/// </summary>
internal sealed class IterationReporter
{
    private readonly TransportOptions _options;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<double>? _history;
    private readonly double _mass;
    private TimeSpan _lastProgress = TimeSpan.MinValue;

    public IterationReporter(TransportOptions options, double mass)
    {
        _options = options;
        _mass = mass > 0 ? mass : 1;
        if (options.RecordHistory) _history = new List<double>(256);
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    public IReadOnlyList<double> History => (IReadOnlyList<double>?)_history ?? Array.Empty<double>();

    /// <summary>
    /// Records iteration <paramref name="iteration"/> (1-based count of completed iterations) with its L1 marginal
    /// error and the 2-norm of its column-marginal error, and says whether to stop.
    /// </summary>
    public TransportStatus Check(long iteration, double l1Error, double columnL2Error, int maxIterations)
    {
        bool tested;
        double statistic;
        if (_options.Stopping == StoppingRule.PotColumnL2Every10)
        {
            tested = (iteration - 1) % 10 == 0;
            statistic = columnL2Error;
        }
        else
        {
            tested = true;
            statistic = l1Error;
        }
        if (tested) _history?.Add(statistic);
        Report(iteration, l1Error);
        if (!double.IsFinite(l1Error)) return TransportStatus.NaNOrInfinity;
        if (tested && statistic <= _options.Tolerance) return TransportStatus.Converged;
        if (_options.CancellationToken.IsCancellationRequested) return TransportStatus.Cancelled;
        if (iteration >= maxIterations) return TransportStatus.MaxIterations;
        return TransportStatus.Iterating;
    }

    /// <summary>Sends the monitor and (throttled) progress reports for one iteration.</summary>
    public void Report(long iteration, double error)
    {
        var monitor = _options.Monitor;
        var progress = _options.Progress;
        if (monitor is null && progress is null) return;
        var info = new IterationInfo((int)Math.Min(iteration, int.MaxValue), error, error / _mass, _clock.Elapsed);
        monitor?.OnIteration(info);
        if (progress is not null && info.Elapsed - _lastProgress >= _options.ProgressInterval)
        {
            _lastProgress = info.Elapsed;
            progress.Report(info);
        }
    }

    /// <summary>Adds a value to the history without a stopping test (e.g. the error before the first iteration).</summary>
    public void Record(double value) => _history?.Add(value);

    /// <summary>The final progress report.</summary>
    public void Finish(long iterations, double error) =>
        _options.Progress?.Report(new IterationInfo((int)Math.Min(iterations, int.MaxValue), error, error / _mass, _clock.Elapsed));

    public static string? Describe(TransportStatus status, int maxIterations) => status switch
    {
        TransportStatus.MaxIterations => $"Did not reach the tolerance within {maxIterations} iterations; returned the last plan.",
        TransportStatus.NaNOrInfinity => "A NaN or infinity appeared in the iteration.",
        TransportStatus.Cancelled => "Cancelled; returned the last plan.",
        _ => null,
    };
}
