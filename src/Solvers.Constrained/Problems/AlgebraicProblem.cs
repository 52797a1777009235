using MathNet.Numerics.LinearAlgebra.Double;

namespace Solvers.Constrained.Problems;

/// <summary>
/// A small dense problem written once as formulas over <see cref="Jet"/> numbers; gradient, Jacobian and
/// Lagrangian Hessian come from second-order forward differentiation (exact up to rounding).
/// </summary>
public sealed class AlgebraicProblem : IConstrainedProblem
{
    private readonly Func<Jet[], Jet> _objective;
    private readonly Func<Jet[], Jet[]> _constraints;
    private readonly double[] _start;

    /// <summary>Creates the problem.</summary>
    /// <param name="name">Problem name.</param>
    /// <param name="start">Starting point (copied); its length is n.</param>
    /// <param name="constraintCount">m.</param>
    /// <param name="objective">f as a formula.</param>
    /// <param name="constraints">c as formulas, m of them.</param>
    public AlgebraicProblem(string name, double[] start, int constraintCount, Func<Jet[], Jet> objective, Func<Jet[], Jet[]> constraints)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(constraints);
        ArgumentOutOfRangeException.ThrowIfNegative(constraintCount);
        Name = name;
        _start = (double[])start.Clone();
        ConstraintCount = constraintCount;
        _objective = objective;
        _constraints = constraints;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int VariableCount => _start.Length;

    /// <inheritdoc />
    public int ConstraintCount { get; }

    /// <inheritdoc />
    public double[] InitialPoint() => (double[])_start.Clone();

    /// <inheritdoc />
    public double Objective(ReadOnlySpan<double> x) => _objective(Constants(x)).Value;

    /// <inheritdoc />
    public void Gradient(ReadOnlySpan<double> x, Span<double> gradient) => _objective(Variables(x)).CopyGradient(gradient);

    /// <inheritdoc />
    public void Constraints(ReadOnlySpan<double> x, Span<double> values)
    {
        var c = EvaluateConstraints(Constants(x));
        for (int j = 0; j < c.Length; j++) values[j] = c[j].Value;
    }

    /// <inheritdoc />
    public DerivativeMatrix Jacobian(ReadOnlySpan<double> x)
    {
        int n = VariableCount;
        var c = EvaluateConstraints(Variables(x));
        var jac = new DenseMatrix(ConstraintCount, n);
        var row = new double[n];
        for (int j = 0; j < c.Length; j++)
        {
            c[j].CopyGradient(row);
            for (int i = 0; i < n; i++) jac[j, i] = row[i];
        }
        return DerivativeMatrix.FromDense(jac);
    }

    /// <inheritdoc />
    public DerivativeMatrix LagrangianHessian(ReadOnlySpan<double> x, ReadOnlySpan<double> multipliers)
    {
        if (multipliers.Length != ConstraintCount)
            throw new ArgumentException($"{Name}: {multipliers.Length} multipliers for {ConstraintCount} constraints.", nameof(multipliers));
        int n = VariableCount;
        var v = Variables(x);
        var h = new double[n * n];
        _objective(v).AddHessian(1, h);
        var c = EvaluateConstraints(v);
        for (int j = 0; j < c.Length; j++) c[j].AddHessian(multipliers[j], h);
        var hess = new DenseMatrix(n, n);
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++) hess[i, k] = h[i * n + k];
        return DerivativeMatrix.FromDense(hess);
    }

    private Jet[] EvaluateConstraints(Jet[] x)
    {
        var c = _constraints(x);
        if (c.Length != ConstraintCount)
            throw new InvalidOperationException($"{Name}: the constraint formulas return {c.Length} values; the problem declares {ConstraintCount}.");
        return c;
    }

    private Jet[] Variables(ReadOnlySpan<double> x)
    {
        CheckLength(x);
        var v = new Jet[x.Length];
        for (int i = 0; i < x.Length; i++) v[i] = Jet.Variable(x.Length, i, x[i]);
        return v;
    }

    private Jet[] Constants(ReadOnlySpan<double> x)
    {
        CheckLength(x);
        var v = new Jet[x.Length];
        for (int i = 0; i < x.Length; i++) v[i] = x[i];
        return v;
    }

    private void CheckLength(ReadOnlySpan<double> x)
    {
        if (x.Length != VariableCount)
            throw new ArgumentException($"{Name}: x has length {x.Length}; the problem has {VariableCount} variables.", nameof(x));
    }
}
