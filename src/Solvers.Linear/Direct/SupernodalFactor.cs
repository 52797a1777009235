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
        // Every block is cleared and assembled before it is read, so the values need no zeroing here.
        _values = GC.AllocateUninitializedArray<double>((int)symbolic.ValuePointer[symbolic.SupernodeCount]);
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
        IsValid = false;
        int failed = SupernodalNumeric.Factor(Symbolic, a.Values, _values, _ldl, _workspace, out double pivot);
        FactorSeconds = clock.Elapsed.TotalSeconds;
        if (failed < 0)
        {
            IsValid = true;
            return;
        }
        int column = Symbolic.Permutation[failed];
        int unmatched = StructuralRank.UnmatchedColumn(a);
        if (unmatched >= 0) throw new SingularMatrixException(unmatched, isStructural: true, Method);
        if (_ldl)
            throw new SingularMatrixException(column, isStructural: false, Method,
                "LDL^T does not pivot, so the matrix is either singular or not quasi-definite; LU (--method lu) pivots.");
        throw new MatrixNotPositiveDefiniteException(column, pivot);
    }

    /// <summary>
    /// The forward half of a solve: y = L^-1 P b (for Cholesky A = P^T L L^T P; for LDL^T, L is unit triangular and
    /// the diagonal D is applied by <see cref="LdltFactor.SolveDiagonal"/>). Then x = A^-1 b is
    /// <see cref="SolveBackward"/>(y) (after the diagonal solve for LDL^T). <paramref name="b"/> and <paramref name="y"/> may be the same span.
    /// </summary>
    /// <exception cref="ArgumentException">A span length differs from <see cref="Size"/>.</exception>
    /// <exception cref="InvalidOperationException">The latest refactorisation failed.</exception>
    public void SolveForward(ReadOnlySpan<double> b, Span<double> y)
    {
        CheckLengths(b.Length, y.Length);
        EnsureValid();
        var permuted = new double[Size];
        Symbolic.Permutation.Apply(b, permuted);
        SupernodalNumeric.Forward(Symbolic, _values, _ldl, permuted, Gather());
        permuted.CopyTo(y);
    }

    /// <summary>
    /// The backward half of a solve: x = P^T L^-T y. <paramref name="y"/> and <paramref name="x"/> may be the same span.
    /// </summary>
    /// <exception cref="ArgumentException">A span length differs from <see cref="Size"/>.</exception>
    /// <exception cref="InvalidOperationException">The latest refactorisation failed.</exception>
    public void SolveBackward(ReadOnlySpan<double> y, Span<double> x)
    {
        CheckLengths(y.Length, x.Length);
        EnsureValid();
        var work = y.ToArray();
        SupernodalNumeric.Backward(Symbolic, _values, _ldl, work, Gather());
        Symbolic.Permutation.ApplyInverse(work, x);
    }

    private protected void CheckLengths(int inLength, int outLength)
    {
        if (inLength != Size) throw new ArgumentException($"Input has length {inLength}; the factor is {Size} x {Size}.", "b");
        if (outLength != Size) throw new ArgumentException($"Output has length {outLength}; the factor is {Size} x {Size}.", "x");
    }

    private protected double[] Values => _values;

    private double[] Gather() => new double[Math.Max(1, Symbolic.MaxSupernodeRows)];

    private protected override void SolveCore(ReadOnlySpan<double> b, Span<double> x)
    {
        // Per-call buffers keep concurrent solves with one factor safe.
        var permuted = new double[Size];
        Symbolic.Permutation.Apply(b, permuted);
        SupernodalNumeric.Solve(Symbolic, _values, _ldl, permuted, Gather());
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

    /// <summary>z = D^-1 y in place (the middle step of a solve split into <see cref="SupernodalFactor.SolveForward"/>,
    /// this, and <see cref="SupernodalFactor.SolveBackward"/>).</summary>
    /// <exception cref="ArgumentException">The span length differs from <see cref="SupernodalFactor.Size"/>.</exception>
    public void SolveDiagonal(Span<double> y)
    {
        CheckLengths(y.Length, y.Length);
        EnsureValid();
        SupernodalNumeric.Diagonal(Symbolic, Values, y);
    }

    /// <summary>The diagonal of D, in the permuted order (entry k belongs to column <see cref="SupernodalFactor.Permutation"/>[k]).
    /// Its signs give the inertia: for a quasi-definite KKT matrix, as many positive entries as the (1,1) block has rows.</summary>
    public double[] DiagonalValues()
    {
        var d = new double[Size];
        Array.Fill(d, 1.0);
        SupernodalNumeric.Diagonal(Symbolic, Values, d);
        for (int k = 0; k < d.Length; k++) d[k] = 1.0 / d[k];
        return d;
    }

    /// <inheritdoc />
    public override string Method => "ldlt";
}
