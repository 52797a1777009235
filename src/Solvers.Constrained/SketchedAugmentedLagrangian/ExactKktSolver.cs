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
/// Cholesky (AMD; the symbolic analysis is kept and reused while the pattern of S stays the same, as it does
/// across the outer iterations of a problem with a fixed Jacobian pattern); if S is not numerically positive
/// definite, IC(0)-preconditioned CG to a 1e-10 relative residual. Any other large system uses restarted
/// GMRES(200) to 1e-12. One instance per solve holds the cached analysis.
/// </summary>
internal sealed class ExactKktSolver
{
    private SymbolicCholesky? _symbolic;
    private int[]? _patternPointers, _patternColumns;

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
        // G (m x n) and the -delta diagonal from the lower block rows of K.
        var rp = k.RowPointers;
        var ci = k.ColumnIndices;
        var va = k.Values;
        var g = new CooMatrix(m, n, 8 * m + 4);
        var minusDelta = new double[m];
        for (int j = 0; j < m; j++)
            for (int p = rp[n + j]; p < rp[n + j + 1]; p++)
            {
                if (ci[p] < n) g.Add(j, ci[p], va[p]);
                else if (ci[p] == n + j) minusDelta[j] = va[p];
            }
        var gc = g.ToCsr();
        var gt = gc.Transpose();
        var s = new CooMatrix(m, m, 32 * m + 4);
        var trp = gt.RowPointers;
        var tci = gt.ColumnIndices;
        var tva = gt.Values;
        for (int col = 0; col < n; col++)
            for (int p = trp[col]; p < trp[col + 1]; p++)
                for (int q = trp[col]; q < trp[col + 1]; q++)
                    s.Add(tci[p], tci[q], tva[p] * tva[q] / d[col]);
        for (int j = 0; j < m; j++) if (minusDelta[j] != 0) s.Add(j, j, -minusDelta[j]);
        var schur = s.ToCsr();
        // S dl = G B^-1 r1 - r2 for K (dx, dl) = (r1, r2): dx = B^-1 (r1 - G^T dl).
        var scaled = new double[n];
        for (int i = 0; i < n; i++) scaled[i] = b[i] / d[i];
        var rhs = new double[m];
        gc.Apply(scaled, rhs);
        for (int j = 0; j < m; j++) rhs[j] -= b[n + j];
        var dl = new double[m];
        long iterations;
        double flops;
        var factor = TryFactorize(schur);
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

    /// <summary>Sparse Cholesky of S, reusing the symbolic analysis when the pattern is unchanged; null when S is not numerically SPD.</summary>
    private CholeskyFactor? TryFactorize(CsrMatrix schur)
    {
        try
        {
            bool samePattern = _symbolic is not null && _patternPointers is not null
                && schur.RowPointers.SequenceEqual(_patternPointers) && schur.ColumnIndices.SequenceEqual(_patternColumns);
            if (!samePattern)
            {
                _symbolic = SparseCholesky.Analyze(schur);
                _patternPointers = schur.RowPointers.ToArray();
                _patternColumns = schur.ColumnIndices.ToArray();
            }
            return _symbolic!.Factorize(schur);
        }
        catch (MatrixNotPositiveDefiniteException)
        {
            return null;
        }
        catch (SingularMatrixException)
        {
            return null;
        }
    }
}
