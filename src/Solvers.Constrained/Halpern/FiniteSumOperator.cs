namespace Solvers.Constrained.Halpern;

/// <summary>
/// A single-valued monotone operator given as a finite sum F = (1/n) sum_i F_i (Cai, Alacaoglu and Diakonikolas,
/// "Variance Reduced Halpern Iteration for Finite-Sum Monotone Inclusions", ICLR 2024, section 1). Every
/// component evaluation is counted exactly in <see cref="Calls"/>: a full evaluation costs n calls, a component
/// difference F_i(u) - F_i(v) costs 2.
/// </summary>
public abstract class FiniteSumOperator
{
    /// <summary>Dimension of u.</summary>
    public abstract int Dimension { get; }

    /// <summary>Number of components n.</summary>
    public abstract int ComponentCount { get; }

    /// <summary>Component evaluations so far (oracle calls).</summary>
    public long Calls { get; private set; }

    /// <summary>Calls / n.</summary>
    public double Epochs => (double)Calls / ComponentCount;

    /// <summary>Sets <see cref="Calls"/> back to zero.</summary>
    public void ResetCalls() => Calls = 0;

    /// <summary>result = F(u) = (1/n) sum_i F_i(u); counts n calls.</summary>
    public void Evaluate(ReadOnlySpan<double> u, Span<double> result)
    {
        Check(u, result.Length);
        Calls += ComponentCount;
        EvaluateCore(u, result);
    }

    /// <summary>result = F(u) without counting (for residuals and reports, outside the oracle budget).</summary>
    public void EvaluateUncounted(ReadOnlySpan<double> u, Span<double> result)
    {
        Check(u, result.Length);
        EvaluateCore(u, result);
    }

    /// <summary>result = F_i(u); counts one call.</summary>
    public void EvaluateComponent(int i, ReadOnlySpan<double> u, Span<double> result)
    {
        CheckComponent(i);
        Check(u, result.Length);
        Calls++;
        EvaluateComponentCore(i, u, result);
    }

    /// <summary>accumulator += scale (F_i(u) - F_i(v)); counts two calls.</summary>
    public void AddComponentDifference(int i, ReadOnlySpan<double> u, ReadOnlySpan<double> v, double scale, Span<double> accumulator)
    {
        CheckComponent(i);
        Check(u, accumulator.Length);
        Check(v, accumulator.Length);
        Calls += 2;
        AddComponentDifferenceCore(i, u, v, scale, accumulator);
    }

    /// <summary>Computes F(u); must equal the mean of the components.</summary>
    protected abstract void EvaluateCore(ReadOnlySpan<double> u, Span<double> result);

    /// <summary>Computes F_i(u).</summary>
    protected abstract void EvaluateComponentCore(int i, ReadOnlySpan<double> u, Span<double> result);

    /// <summary>accumulator += scale (F_i(u) - F_i(v)); the default evaluates both components.</summary>
    protected virtual void AddComponentDifferenceCore(int i, ReadOnlySpan<double> u, ReadOnlySpan<double> v, double scale, Span<double> accumulator)
    {
        var a = new double[Dimension];
        var b = new double[Dimension];
        EvaluateComponentCore(i, u, a);
        EvaluateComponentCore(i, v, b);
        for (int k = 0; k < a.Length; k++) accumulator[k] += scale * (a[k] - b[k]);
    }

    private void Check(ReadOnlySpan<double> u, int resultLength)
    {
        if (u.Length != Dimension) throw new ArgumentException($"u has length {u.Length}; the operator has dimension {Dimension}.", nameof(u));
        if (resultLength != Dimension) throw new ArgumentException($"The output has length {resultLength}; the operator has dimension {Dimension}.", "result");
    }

    private void CheckComponent(int i)
    {
        if ((uint)i >= (uint)ComponentCount) throw new ArgumentOutOfRangeException(nameof(i), i, $"Component index must be in [0, {ComponentCount}).");
    }
}
