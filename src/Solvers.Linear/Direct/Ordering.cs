using Solvers.Linear.Storage;

namespace Solvers.Linear.Direct;

/// <summary>
/// Fill-reducing orderings of sparse matrices. The result depends only on the pattern, so one
/// <see cref="Permutation"/> serves every matrix with the same pattern.
/// </summary>
public static class Ordering
{
    /// <summary>
    /// Approximate minimum degree on the pattern of A + A^T (values and the diagonal are ignored): the symmetric
    /// ordering for Cholesky and LDL^T. Position k of the result holds the original index eliminated k-th.
    /// </summary>
    /// <exception cref="ArgumentException">A is not square.</exception>
    public static Permutation Amd(CsrMatrix a, AmdOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        return Permutation.Wrap(ApproximateMinimumDegree.Order(GraphPattern.SymmetricOf(a), options ?? AmdOptions.Default));
    }

    /// <summary>
    /// Approximate minimum degree on the pattern of A^T A: a column ordering for LU with partial pivoting, where
    /// the fill of L and U is bounded by that of the Cholesky factor of A^T A whatever rows are chosen as pivots.
    /// Rows with more than max(16, 10 sqrt(n)) entries are ignored when forming A^T A.
    /// </summary>
    /// <exception cref="ArgumentException">A is not square.</exception>
    public static Permutation ColumnAmd(CsrMatrix a, AmdOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (!a.IsSquare) throw new ArgumentException($"A column ordering for LU needs a square matrix; this one is {a.RowCount} x {a.ColumnCount}.", nameof(a));
        int denseRow = (int)Math.Min(int.MaxValue, Math.Max(16.0, 10.0 * Math.Sqrt(a.ColumnCount)));
        return Permutation.Wrap(ApproximateMinimumDegree.Order(GraphPattern.ColumnIntersectionOf(a, denseRow), options ?? AmdOptions.Default));
    }

    /// <summary>Reverse Cuthill-McKee on the pattern of A + A^T: reduces bandwidth and profile.</summary>
    /// <exception cref="ArgumentException">A is not square.</exception>
    public static Permutation ReverseCuthillMcKee(CsrMatrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return Permutation.Wrap(Direct.ReverseCuthillMcKee.Order(GraphPattern.SymmetricOf(a)));
    }

    /// <summary>The symmetric ordering <paramref name="method"/> of <paramref name="a"/> (for Cholesky and LDL^T).</summary>
    /// <exception cref="ArgumentException">A is not square.</exception>
    public static Permutation Symmetric(CsrMatrix a, OrderingMethod method)
    {
        ArgumentNullException.ThrowIfNull(a);
        return method switch
        {
            OrderingMethod.Amd => Amd(a),
            OrderingMethod.ReverseCuthillMcKee => ReverseCuthillMcKee(a),
            OrderingMethod.Natural => NaturalOf(a),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown ordering."),
        };
    }

    /// <summary>The column ordering <paramref name="method"/> of <paramref name="a"/> for LU: AMD on A^T A, RCM on A + A^T, or natural.</summary>
    /// <exception cref="ArgumentException">A is not square.</exception>
    public static Permutation Column(CsrMatrix a, OrderingMethod method)
    {
        ArgumentNullException.ThrowIfNull(a);
        return method switch
        {
            OrderingMethod.Amd => ColumnAmd(a),
            OrderingMethod.ReverseCuthillMcKee => ReverseCuthillMcKee(a),
            OrderingMethod.Natural => NaturalOf(a),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown ordering."),
        };
    }

    /// <summary>Parses amd, rcm (or reverse-cuthill-mckee) and natural, case-insensitively (the CLI's --ordering).</summary>
    /// <exception cref="ArgumentException">The name is none of these.</exception>
    public static OrderingMethod Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            "amd" => OrderingMethod.Amd,
            "rcm" or "reverse-cuthill-mckee" => OrderingMethod.ReverseCuthillMcKee,
            "natural" or "none" => OrderingMethod.Natural,
            _ => throw new ArgumentException($"Unknown ordering '{name}'; expected amd, rcm or natural.", nameof(name)),
        };
    }

    private static Permutation NaturalOf(CsrMatrix a)
    {
        if (!a.IsSquare) throw new ArgumentException($"An ordering needs a square matrix; this one is {a.RowCount} x {a.ColumnCount}.", nameof(a));
        return Permutation.Identity(a.RowCount);
    }
}
