using System.Diagnostics;
using Solvers.Linear.Solving;

namespace Solvers.Constrained.Halpern;

/// <summary>Shared bookkeeping of the min-max methods: budget, residual records, tolerance, cancellation.</summary>
internal sealed class RunRecorder
{
    private readonly MinMaxProblem _problem;
    private readonly MinMaxOptions _options;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<ResidualPoint> _history = new();
    private readonly long _budget;
    private readonly double _every;
    private double _nextRecord;
    private double _initial = double.NaN;

    public RunRecorder(MinMaxProblem problem, MinMaxOptions options)
    {
        _problem = problem;
        _options = options;
        int n = problem.Operator.ComponentCount;
        _budget = (long)Math.Ceiling(options.Epochs * n);
        _every = options.RecordEvery ?? Math.Max(options.Epochs / 200, 1e-9);
        problem.Operator.ResetCalls();
    }

    public SolveStatus Status { get; private set; } = SolveStatus.Iterating;

    public int Iterations { get; set; }

    /// <summary>True while fewer calls than the budget have been spent.</summary>
    public bool HasBudget => _problem.Operator.Calls < _budget;

    /// <summary>Records the residual when due; returns false when the run must stop.</summary>
    public bool Continue(ReadOnlySpan<double> u)
    {
        double epochs = _problem.Operator.Epochs;
        if (epochs >= _nextRecord || _history.Count == 0)
        {
            double r = _problem.Residual(u);
            _history.Add(new ResidualPoint(epochs, r));
            if (double.IsNaN(_initial)) _initial = Math.Max(r, 1e-300);
            _options.Monitor?.OnIteration(new IterationInfo(Iterations, r, r / _initial, _clock.Elapsed));
            while (_nextRecord <= epochs) _nextRecord += _every;
            if (!double.IsFinite(r)) { Status = SolveStatus.NaNOrInfinity; return false; }
            if (r <= _options.Tolerance) { Status = SolveStatus.ConvergedAbsolute; return false; }
        }
        if (_options.CancellationToken.IsCancellationRequested) { Status = SolveStatus.Cancelled; return false; }
        if (!HasBudget) { Status = SolveStatus.MaxIterations; return false; }
        return true;
    }

    public MinMaxResult Finish(ReadOnlySpan<double> u, MinMaxMethod method)
    {
        double r = _problem.Residual(u);
        double epochs = _problem.Operator.Epochs;
        if (_history.Count == 0 || _history[^1].Epochs != epochs) _history.Add(new ResidualPoint(epochs, r));
        var status = Status;
        if (!double.IsFinite(r)) status = SolveStatus.NaNOrInfinity;
        else if (r <= _options.Tolerance) status = SolveStatus.ConvergedAbsolute;
        else if (status == SolveStatus.Iterating || status == SolveStatus.ConvergedAbsolute) status = SolveStatus.MaxIterations;
        return new MinMaxResult
        {
            Status = status,
            Residual = r,
            Calls = _problem.Operator.Calls,
            Epochs = epochs,
            Iterations = Iterations,
            History = _history,
            Elapsed = _clock.Elapsed,
            Method = method.Name(),
        };
    }
}
