namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>
/// The smooth part f of a block-coordinate-descent problem F(x) = f(x) + lambda ||x||_1 (Nutini, Laradji and
/// Schmidt, JMLR 23(131), 2022, section 1). Implementations keep an auxiliary state (a residual, margins or a
/// gradient) that makes one partial derivative cheap; the solver calls <see cref="Reset"/> once and then
/// <see cref="ApplyStep"/> after every coordinate change, so the state always matches the solver's x.
/// </summary>
public abstract class SmoothObjective
{
    /// <summary>Number of variables n.</summary>
    public abstract int VariableCount { get; }

    /// <summary>Short name for reports, e.g. "least-squares".</summary>
    public abstract string Name { get; }

    /// <summary>Rebuilds the auxiliary state from <paramref name="x"/> (length <see cref="VariableCount"/>).</summary>
    public abstract void Reset(ReadOnlySpan<double> x);

    /// <summary>f(x) for the x the state was built from.</summary>
    public abstract double Value(ReadOnlySpan<double> x);

    /// <summary>The partial derivative of f with respect to x_j at the current state.</summary>
    public abstract double PartialDerivative(int j, ReadOnlySpan<double> x);

    /// <summary>Records that x_j changed by <paramref name="delta"/> (the caller has already changed x_j).</summary>
    public abstract void ApplyStep(int j, double delta);

    /// <summary>The coordinate Lipschitz constant L_j of the j-th partial derivative along e_j.</summary>
    public abstract double CoordinateLipschitz(int j);

    /// <summary>
    /// Writes a block curvature bound H_b (positive semidefinite, H_b above the block Hessian everywhere) as a
    /// dense row-major |b| x |b| matrix into <paramref name="h"/>.
    /// </summary>
    public abstract void BlockCurvatureBound(ReadOnlySpan<int> block, Span<double> h);

    /// <summary>
    /// Writes the exact block Hessian at the current state (used by Newton updates). The default returns the
    /// curvature bound, which is exact for quadratics.
    /// </summary>
    public virtual void BlockHessian(ReadOnlySpan<int> block, Span<double> h) => BlockCurvatureBound(block, h);

    /// <summary>True when f is quadratic, so that a matrix update with the exact Hessian needs no line search.</summary>
    public virtual bool IsQuadratic => false;

    /// <summary>Writes the full gradient of f at the current state.</summary>
    public virtual void Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        for (int j = 0; j < VariableCount; j++) gradient[j] = PartialDerivative(j, x);
    }

    /// <summary>
    /// Sparse gradient dependence: appends to <paramref name="dependents"/> every k whose partial derivative can change
    /// when x_j changes (the pattern of column j of the Hessian, repeats allowed) and returns true; returns false when
    /// the objective does not know it (the default). Lets greedy rules refresh only the changed partial derivatives.
    /// </summary>
    public virtual bool AddGradientDependents(int j, List<int> dependents) => false;

    /// <summary>
    /// Mean over j of the number of entries <see cref="AddGradientDependents"/> appends (the work of one refresh), or
    /// infinity when the dependence is not known.
    /// </summary>
    public virtual double MeanGradientDependents => double.PositiveInfinity;

    /// <summary>
    /// Writes H d for a curvature bound H of the whole f (H above the Hessian everywhere), or returns false when
    /// the objective has none (the default). Used by the iterative-hard-thresholding form of variable-block GSQ.
    /// </summary>
    public virtual bool CurvatureBoundProduct(ReadOnlySpan<double> d, Span<double> result) => false;

    /// <summary>
    /// A duality gap of F = f + lambda ||x||_1 at the current state (an upper bound on F(x) - F*), or null when the
    /// objective has no cheap dual. The default is null.
    /// </summary>
    public virtual double? DualityGap(ReadOnlySpan<double> x, double lambda) => null;
}
