using MathNet.Numerics.LinearAlgebra.Double;
using Solvers.Linear.Direct;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>
/// The comparison (and fallback) inner solver for K = [B G^T; G -delta I]. Dense LU with partial pivoting
/// (MathNet) when K has at most <see cref="DenseLimit"/> rows. Systems larger than <see cref="SchurThreshold"/> with a diagonal positive
/// B use the Schur complement S = G B^-1 G^T + delta I (sparse, SPD), factorised by the sparse supernodal
/// Cholesky (AMD; the factor is refactorised in place while the pattern of S stays the same, as it does
/// across the outer iterations of a problem with a fixed Jacobian pattern); if S is not numerically positive
/// definite, IC(0)-preconditioned CG to a 1e-10 relative residual. Any other large system uses restarted
/// GMRES(200) to 1e-12. One instance per solve holds the cached analysis.
/// </summary>
internal sealed class ExactKktSolver
{
    private readonly CholeskyCache _schurCholesky = new();

    public const int DenseLimit = 3000;

    /// <summary>Above this size a diagonal-Hessian KKT system goes to the sparse Schur complement rather than dense LU.</summary>
    public const int SchurThreshold = 300;

    /// <summary>Solves K v = b for the KKT matrix with n primal rows; returns (inner iterations, flops).</summary>
    public (long Iterations, double Flops) Solve(CsrMatrix k, int n, double[] b, double[] v, CancellationToken token)
    {
        int size = k.RowCount;
        bool diagonal = TryDiagonalHessian(k, n, out var d);
        if (diagonal && size > SchurThreshold && size > n)
            return SolveSchur(k, n, d, b, v, token);
        if (size <= DenseLimit)
        {
            var x = k.ToMathNetDense().LU().Solve(DenseVector.OfArray(b));
            for (int i = 0; i < size; i++) v[i] = x[i];
            return (1, 2.0 / 3.0 * size * (double)size * size + 2.0 * size * size);
        }
        Array.Clear(v);
        var result = Gmres.Solve(k, b, v, null, new GmresOptions
        {
            RelativeTolerance = 1e-12,
            MaxIterations = 20_000,
            Restart = 200,
            RecordHistory = false,
            CancellationToken = token,
        });
        return (result.Iterations, result.Iterations * (2.0 * k.NonZeroCount + 4.0 * 200 * size));
    }

    /// <summary>True when the leading n x n block of K is diagonal with positive entries.</summary>
    private static bool TryDiagonalHessian(CsrMatrix k, int n, out double[] diagonal)
    {
        diagonal = new double[n];
        var rp = k.RowPointers;
        var ci = k.ColumnIndices;
        var va = k.Values;
        for (int i = 0; i < n; i++)
        {
            for (int p = rp[i]; p < rp[i + 1]; p++)
            {
                int j = ci[p];
                if (j >= n) continue;
                if (j != i && va[p] != 0) return false;
                if (j == i) diagonal[i] = va[p];
            }
            if (!(diagonal[i] > 0)) return false;
        }
        return true;
    }

    private (long, double) SolveSchur(CsrMatrix k, int n, double[] d, double[] b, double[] v, CancellationToken token)
    {
        int m = k.RowCount - n;
        // G (m x n) and delta (K's lower right block is -delta I) from the lower block rows of K (sorted rows: G's columns come first).
        var rp = k.RowPointers;
        var ci = k.ColumnIndices;
        var va = k.Values;
        var delta = new double[m];
        var gPointers = new int[m + 1];
        for (int j = 0; j < m; j++)
        {
            int count = 0;
            for (int p = rp[n + j]; p < rp[n + j + 1] && ci[p] < n; p++) count++;
            gPointers[j + 1] = gPointers[j] + count;
        }
        var gColumns = new int[gPointers[m]];
        var gValues = new double[gPointers[m]];
        for (int j = 0; j < m; j++)
        {
            int at = gPointers[j];
            for (int p = rp[n + j]; p < rp[n + j + 1]; p++)
            {
                if (ci[p] < n) { gColumns[at] = ci[p]; gValues[at++] = va[p]; }
                else if (ci[p] == n + j) delta[j] = -va[p];
            }
        }
        var gc = CsrMatrix.FromArrays(m, n, gPointers, gColumns, gValues);
        var inverseD = new double[n];
        for (int i = 0; i < n; i++) inverseD[i] = 1 / d[i];
        var schur = SparseGram.WeightedGram(gc, inverseD, delta);
        // S dl = G B^-1 r1 - r2 for K (dx, dl) = (r1, r2): dx = B^-1 (r1 - G^T dl).
        var scaled = new double[n];
        for (int i = 0; i < n; i++) scaled[i] = b[i] / d[i];
        var rhs = new double[m];
        gc.Apply(scaled, rhs);
        for (int j = 0; j < m; j++) rhs[j] -= b[n + j];
        var dl = new double[m];
        long iterations;
        double flops;
        var factor = _schurCholesky.TryFactorize(schur);
        if (factor is not null)
        {
            factor.Solve(rhs, dl);
            iterations = 1;
            flops = factor.FlopCount + 4.0 * factor.NonZeroCount + 2.0 * schur.NonZeroCount + 8.0 * gc.NonZeroCount;
        }
        else
        {
            var result = ConjugateGradient.Solve(schur, rhs, dl, new IncompleteCholesky(schur), new SolverOptions
            {
                RelativeTolerance = 1e-10,
                MaxIterations = 20_000,
                RecordHistory = false,
                CancellationToken = token,
            });
            iterations = result.Iterations;
            flops = 4.0 * schur.NonZeroCount * result.Iterations + 2.0 * schur.NonZeroCount + 8.0 * gc.NonZeroCount;
        }
        var gtl = new double[n];
        gc.ApplyTranspose(dl, gtl);
        for (int i = 0; i < n; i++) v[i] = (b[i] - gtl[i]) / d[i];
        for (int j = 0; j < m; j++) v[n + j] = dl[j];
        return (iterations, flops);
    }
}
