namespace Solvers.Constrained.Problems;

/// <summary>
/// A smooth equality-constrained problem: minimise f(x) subject to c(x) = 0, x in R^n, c: R^n -> R^m.
/// Implementations supply f, its gradient, c, the constraint Jacobian (dense or sparse CSR) and the Hessian of
/// the Lagrangian L(x, lambda) = f(x) + lambda^T c(x) (dense, sparse, or as a Hessian-vector product).
/// Callbacks may return NaN or infinity; solvers turn that into a status, never an exception.
/// </summary>
public interface IConstrainedProblem
{
    /// <summary>Short name, e.g. "hs6" or "pde2d_32".</summary>
    string Name { get; }

    /// <summary>Number of variables n.</summary>
    int VariableCount { get; }

    /// <summary>Number of equality constraints m.</summary>
    int ConstraintCount { get; }

    /// <summary>A new array holding the standard starting point (length n).</summary>
    double[] InitialPoint();

    /// <summary>f(x).</summary>
    double Objective(ReadOnlySpan<double> x);

    /// <summary>Writes the gradient of f at x into <paramref name="gradient"/> (length n).</summary>
    void Gradient(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>Writes c(x) into <paramref name="values"/> (length m).</summary>
    void Constraints(ReadOnlySpan<double> x, Span<double> values);

    /// <summary>The m x n Jacobian of c at x, row j = gradient of c_j.</summary>
    DerivativeMatrix Jacobian(ReadOnlySpan<double> x);

    /// <summary>The n x n Hessian of the Lagrangian f + lambda^T c at (x, lambda).</summary>
    DerivativeMatrix LagrangianHessian(ReadOnlySpan<double> x, ReadOnlySpan<double> multipliers);
}
