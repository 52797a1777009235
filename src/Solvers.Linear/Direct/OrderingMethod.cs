namespace Solvers.Linear.Direct;

/// <summary>Fill-reducing orderings applied before a sparse factorisation (the CLI's --ordering values).</summary>
public enum OrderingMethod
{
    /// <summary>
    /// Approximate minimum degree (Amestoy, Davis and Duff, 1996): on the pattern of A + A^T for Cholesky and
    /// LDL^T, on the pattern of A^T A (a column ordering) for LU. The default.
    /// </summary>
    Amd,

    /// <summary>Reverse Cuthill-McKee on the pattern of A + A^T: a bandwidth/profile reduction, not a fill minimiser.</summary>
    ReverseCuthillMcKee,

    /// <summary>Keep the given order.</summary>
    Natural,
}
