using System.Diagnostics;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Direct;

/// <summary>What Cholesky and LDL^T share: the symbolic analysis, the supernodal values and the numeric driver.</summary>
public abstract class SupernodalFactor : SparseFactor
{
    private readonly double[] _values;
    private readonly SupernodalWorkspace _workspace;
    private readonly bool _ldl;

    private protected SupernodalFactor(SymbolicCholesky symbolic, CsrMatrix a, bool ldl)
    {
        ArgumentNullException.ThrowIfNull(symbolic);
        Symbolic = symbolic;
        _ldl = ldl;
        symbolic.CheckPattern(a, nameof(a));
        _values = new double[symbolic.ValuePointer[symbolic.SupernodeCount]];
        _workspace = new SupernodalWorkspace(symbolic);
        FactorNumeric(a);
    }

    /// <summary>The symbolic analysis this factor uses (and shares with other factors of the same pattern).</summary>
    public SymbolicCholesky Symbolic { get; }

    /// <summary>The symmetric permutation P: the factor is that of P A P^T.</summary>
    public Permutation Permutation => Symbolic.Permutation;

    /// <inheritdoc />
    public override int Size => Symbolic.Size;

    /// <summary>Entries of L, diagonal included (relaxed-supernode zeros not counted; see <see cref="SymbolicCholesky.StoredCount"/>).</summary>
    public override long NonZeroCount => Symbolic.NonZeroCount;

    /// <summary>Sum over the columns of L of (entries in the column)^2, as CHOLMOD reports.</summary>
    public override double FlopCount => Symbolic.FlopCount;

    /// <inheritdoc />
    public override double AnalyzeSeconds => Symbolic.AnalyzeSeconds;

    /// <inheritdoc />
    public override void Refactorize(CsrMatrix a)
    {
        Symbolic.CheckPattern(a, nameof(a));
        FactorNumeric(a);
    }

    private void FactorNumeric(CsrMatrix a)
    {
        var clock = Stopwatch.StartNew();
        int failed = SupernodalNumeric.Factor(Symbolic, a.Values, _values, _ldl, _workspace, out double pivot);
        FactorSeconds = clock.Elapsed.TotalSeconds;
        if (failed < 0) return;
        int column = Symbolic.Permutation[failed];
        int unmatched = StructuralRank.UnmatchedColumn(a);
        if (unmatched >= 0) throw new SingularMatrixException(unmatched, isStructural: true, Method);
        if (_ldl) throw new SingularMatrixException(column, isStructural: false, Method);
        throw new MatrixNotPositiveDefiniteException(column, pivot);
    }

    private protected override void SolveCore(ReadOnlySpan<double> b, Span<double> x)
    {
        // Per-call buffers keep concurrent solves with one factor safe.
        var permuted = new double[Size];
        Symbolic.Permutation.Apply(b, permuted);
        SupernodalNumeric.Solve(Symbolic, _values, _ldl, permuted, new double[Math.Max(1, Symbolic.MaxSupernodeRows)]);
        Symbolic.Permutation.ApplyInverse(permuted, x);
    }
}

/// <summary>A sparse supernodal Cholesky factorisation P A P^T = L L^T of a symmetric positive definite matrix.</summary>
public sealed class CholeskyFactor : SupernodalFactor
{
    internal CholeskyFactor(SymbolicCholesky symbolic, CsrMatrix a) : base(symbolic, a, ldl: false) { }

    /// <inheritdoc />
    public override string Method => "cholesky";
}

/// <summary>
/// A sparse supernodal factorisation P A P^T = L D L^T without pivoting (L unit lower triangular, D diagonal), for
/// symmetric quasi-definite matrices such as regularised KKT systems [H A^T; A -G] with H, G positive definite, which
/// have such a factorisation for every symmetric permutation (Vanderbei, SIAM J. Optim. 5(1), 1995), and for
/// symmetric definite matrices.
/// </summary>
public sealed class LdltFactor : SupernodalFactor
{
    internal LdltFactor(SymbolicCholesky symbolic, CsrMatrix a) : base(symbolic, a, ldl: true) { }

    /// <inheritdoc />
    public override string Method => "ldlt";
}
