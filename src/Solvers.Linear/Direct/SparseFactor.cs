using MathNet.Numerics.LinearAlgebra;
using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Direct;

/// <summary>
/// A numeric sparse factorisation (Cholesky, LDL^T or LU) ready to solve A x = b for any number of right-hand sides,
/// and to be refactorised in place for a new matrix with the same pattern.
/// </summary>
public abstract class SparseFactor
{
    private protected SparseFactor() { }

    /// <summary>Order n of the factored matrix.</summary>
    public abstract int Size { get; }

    /// <summary>Entries of the factor(s): nnz(L) for Cholesky and LDL^T (diagonal included), nnz(L) + nnz(U) for LU.</summary>
    public abstract long NonZeroCount { get; }

    /// <summary>Floating-point operations of the numeric factorisation (see each factor for the exact count).</summary>
    public abstract double FlopCount { get; }

    /// <summary>Seconds of the symbolic analysis (ordering included) this factor was built on.</summary>
    public abstract double AnalyzeSeconds { get; }

    /// <summary>Seconds of the latest numeric factorisation (the first one, or the latest <see cref="Refactorize"/>).</summary>
    public double FactorSeconds { get; private protected set; }

    /// <summary>The method: "cholesky", "ldlt" or "lu".</summary>
    public abstract string Method { get; }

    /// <summary>
    /// False after a <see cref="Refactorize"/> that threw (the values are then partial): solves refuse until a
    /// refactorisation succeeds.
    /// </summary>
    public bool IsValid { get; private protected set; }

    /// <summary>
    /// Solves A x = b. <paramref name="b"/> and <paramref name="x"/> may be the same span. Safe to call from several
    /// threads at once, but not while <see cref="Refactorize"/> runs.
    /// </summary>
    /// <exception cref="ArgumentException">A span length differs from <see cref="Size"/>.</exception>
    /// <exception cref="InvalidOperationException">The latest refactorisation failed (<see cref="IsValid"/> is false).</exception>
    public void Solve(ReadOnlySpan<double> b, Span<double> x)
    {
        CheckLength(b.Length, nameof(b));
        CheckLength(x.Length, nameof(x));
        EnsureValid();
        SolveCore(b, x);
    }

    private protected void EnsureValid()
    {
        if (!IsValid)
            throw new InvalidOperationException($"The latest {Method} refactorisation failed, so the factor holds partial values; refactorise a valid matrix first.");
    }

    /// <summary>
    /// Solves A X = B for <paramref name="rightHandSides"/> columns stored one after another (column-major,
    /// n values per column) in <paramref name="b"/> and <paramref name="x"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The spans do not hold n x <paramref name="rightHandSides"/> values.</exception>
    public void Solve(ReadOnlySpan<double> b, Span<double> x, int rightHandSides)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rightHandSides);
        long needed = (long)Size * rightHandSides;
        if (b.Length != needed) throw new ArgumentException($"B has {b.Length} values; {rightHandSides} columns of {Size} need {needed}.", nameof(b));
        if (x.Length != needed) throw new ArgumentException($"X has {x.Length} values; {rightHandSides} columns of {Size} need {needed}.", nameof(x));
        EnsureValid();
        for (int c = 0; c < rightHandSides; c++)
            SolveCore(b.Slice(c * Size, Size), x.Slice(c * Size, Size));
    }

    /// <summary>Solves A X = B for every column of <paramref name="b"/>; returns X as a new dense matrix.</summary>
    /// <exception cref="ArgumentException">B does not have <see cref="Size"/> rows.</exception>
    public Matrix<double> Solve(Matrix<double> b)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (b.RowCount != Size) throw new ArgumentException($"B has {b.RowCount} rows; the factor is {Size} x {Size}.", nameof(b));
        var values = b.ToColumnMajorArray();
        Solve(values, values, b.ColumnCount);
        return Matrix<double>.Build.Dense(Size, b.ColumnCount, values);
    }

    /// <summary>
    /// Solves A x = b, then refines: r = b - A x, solve A d = r, x += d, while ||r|| / ||b|| is above
    /// <paramref name="relativeTolerance"/>, at most <paramref name="maxSteps"/> times, stopping early when a step
    /// no longer halves the residual. <paramref name="a"/> must be the factored matrix.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes disagree.</exception>
    public RefinementResult SolveRefined(CsrMatrix a, ReadOnlySpan<double> b, Span<double> x, int maxSteps = 3, double relativeTolerance = 1e-14)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.RowCount != Size || a.ColumnCount != Size)
            throw new ArgumentException($"The matrix is {a.RowCount} x {a.ColumnCount}; the factor is {Size} x {Size}.", nameof(a));
        ArgumentOutOfRangeException.ThrowIfNegative(maxSteps);
        if (!(relativeTolerance >= 0)) throw new ArgumentException($"The tolerance must be non-negative; got {relativeTolerance}.", nameof(relativeTolerance));
        Solve(b, x);
        var r = new double[Size];
        var d = new double[Size];
        double bNorm = Blas1.Norm2(b);
        double rNorm = Residual(a, b, x, r);
        int steps = 0;
        while (steps < maxSteps && rNorm > relativeTolerance * bNorm && rNorm > 0)
        {
            SolveCore(r, d);
            var candidate = x.ToArray();
            Blas1.Axpy(1.0, d, candidate);
            double next = Residual(a, b, candidate, r);
            if (!(next < rNorm)) break;
            candidate.CopyTo(x);
            steps++;
            bool slow = next > 0.5 * rNorm;
            rNorm = next;
            if (slow) break;
            // r now holds the residual of the accepted x.
        }
        return new RefinementResult(steps, rNorm, bNorm == 0 ? rNorm : rNorm / bNorm);
    }

    /// <summary>
    /// Recomputes the numeric factorisation in place for <paramref name="a"/>, which must have the pattern this factor
    /// was analysed for; the symbolic analysis (ordering, structure) is reused and no memory is allocated.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern differs.</exception>
    /// <exception cref="MatrixNotPositiveDefiniteException">Cholesky: a pivot is not positive.</exception>
    /// <exception cref="SingularMatrixException">The new matrix is singular.</exception>
    public abstract void Refactorize(CsrMatrix a);

    private protected abstract void SolveCore(ReadOnlySpan<double> b, Span<double> x);

    private static double Residual(CsrMatrix a, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> r)
    {
        a.Apply(x, r);
        Blas1.Subtract(b, r, r);
        return Blas1.Norm2(r);
    }

    private void CheckLength(int length, string name)
    {
        if (length != Size) throw new ArgumentException($"Vector has length {length}; the factor is {Size} x {Size}.", name);
    }
}

/// <summary>Outcome of <see cref="SparseFactor.SolveRefined"/>.</summary>
/// <param name="Steps">Refinement steps accepted (0: the plain solve was kept).</param>
/// <param name="ResidualNorm">||b - A x|| of the returned x.</param>
/// <param name="RelativeResidual">||b - A x|| / ||b|| (the norm itself when b = 0).</param>
public sealed record RefinementResult(int Steps, double ResidualNorm, double RelativeResidual);
