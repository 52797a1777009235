using System.Collections;

namespace Solvers.Linear.Tuning;

/// <summary>The steps of a sequence solve, in order, with their totals.</summary>
public sealed class SequenceRecord : IReadOnlyList<SequenceStep>
{
    private readonly List<SequenceStep> _steps = [];

    /// <summary>Sum of the iterations of all steps.</summary>
    public long TotalIterations { get; private set; }

    /// <summary>Sum of the observed costs.</summary>
    public double TotalCost { get; private set; }

    /// <summary>Sum of the wall times of all steps.</summary>
    public TimeSpan TotalElapsed { get; private set; }

    /// <summary>Steps whose solve did not converge.</summary>
    public int NotConverged { get; private set; }

    /// <summary>The i-th step.</summary>
    public SequenceStep this[int index] => _steps[index];

    /// <summary>Number of steps.</summary>
    public int Count => _steps.Count;

    /// <summary>The observed costs in order.</summary>
    public double[] Costs() => _steps.Select(s => s.Cost).ToArray();

    /// <summary>The chosen relaxation factors in order.</summary>
    public double[] Omegas() => _steps.Select(s => s.Omega).ToArray();

    /// <summary>Running sums of the observed costs.</summary>
    public double[] CumulativeCosts()
    {
        var sums = new double[_steps.Count];
        double s = 0;
        for (int i = 0; i < sums.Length; i++) sums[i] = s += _steps[i].Cost;
        return sums;
    }

    internal void Add(SequenceStep step)
    {
        _steps.Add(step);
        TotalIterations += step.Result.Iterations;
        TotalCost += step.Cost;
        TotalElapsed += step.Elapsed;
        if (!step.Result.Converged) NotConverged++;
    }

    /// <inheritdoc />
    public IEnumerator<SequenceStep> GetEnumerator() => _steps.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
