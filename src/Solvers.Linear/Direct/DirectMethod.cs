namespace Solvers.Linear.Direct;

/// <summary>The sparse direct methods, selectable by name (the CLI's --method cholesky|ldlt|lu).</summary>
public enum DirectMethod
{
    /// <summary><see cref="SparseCholesky"/>: symmetric positive definite matrices.</summary>
    Cholesky,

    /// <summary><see cref="SparseLdlt"/>: symmetric quasi-definite (KKT) or definite matrices, no pivoting.</summary>
    Ldlt,

    /// <summary><see cref="SparseLu"/>: general square matrices, threshold partial pivoting.</summary>
    Lu,
}
