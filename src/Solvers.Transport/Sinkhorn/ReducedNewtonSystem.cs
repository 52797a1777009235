using System.Runtime.CompilerServices;
using Solvers.Linear.Operators;
using Solvers.Linear.Preconditioners;
using Solvers.Transport.Kernels;

namespace Solvers.Transport.Sinkhorn;

/// <summary>
/// The Newton system of SNS reduced to the target potentials. With M = [D_r, P_s; P_s^T, D_c] (D_r, D_c the
/// plan's row and column sums plus the shift, P_s the kept plan), M (dx, dy) = (g1, g2) is solved as
/// S dy = g2 - P_s^T D_r^-1 g1 with the Schur complement S = D_c - P_s^T D_r^-1 P_s, then
/// dx = D_r^-1 (g1 - P_s dy). S is symmetric positive definite whenever M is.
/// </summary>
/// <remarks>
/// The residual of M at the recovered (dx, dy) is (0, S dy - b_S), so a CG tolerance on S is the same tolerance on
/// M. M is 2-cyclic (its diagonally scaled form is I + [0, B; B^T, 0]), and CG on the reduced system needs about
/// half the iterations of CG on M for the same residual (Hageman and Young, "Applied Iterative Methods", 1981,
/// ch. 9; the red-black reduced system); each product with S costs one pass over P_s, as a product with M does,
/// and needs no transposed copy of P_s. Preconditioned by diag(S).
/// </remarks>
internal sealed class ReducedNewtonSystem : ILinearOperator
{
    private readonly int _n, _m;
    private readonly double[] _inverseRowDiagonal, _columnDiagonal, _inverseSchurDiagonal;
    private KeptPlan? _plan;

    public ReducedNewtonSystem(int n, int m)
    {
        _n = n;
        _m = m;
        _inverseRowDiagonal = new double[n];
        _columnDiagonal = new double[m];
        _inverseSchurDiagonal = new double[m];
        Preconditioner = new InverseDiagonal(_inverseSchurDiagonal);
    }

    public int RowCount => _m;

    public int ColumnCount => _m;

    /// <summary>Jacobi on S: z = diag(S)^-1 r.</summary>
    public IPreconditioner Preconditioner { get; }

    /// <summary>Takes the kept plan and the diagonal blocks D_r = rows + shift, D_c = columns + shift.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Setup(KeptPlan plan, ReadOnlySpan<double> rows, ReadOnlySpan<double> columns, double shift)
    {
        _plan = plan;
        for (int i = 0; i < _n; i++) _inverseRowDiagonal[i] = 1.0 / (rows[i] + shift);
        for (int j = 0; j < _m; j++) _columnDiagonal[j] = columns[j] + shift;
        // diag(S)_j = D_c,j - sum_i P_ij^2 / D_r,i, accumulated (negated) in the Schur diagonal array.
        var diag = _inverseSchurDiagonal;
        Array.Clear(diag);
        var rs = plan.RowStart;
        var ci = plan.ColumnIndices;
        var va = plan.Values;
        for (int i = 0; i < _n; i++)
        {
            double w = _inverseRowDiagonal[i];
            for (int q = rs[i]; q < rs[i + 1]; q++) diag[ci[q]] += va[q] * va[q] * w;
        }
        for (int j = 0; j < _m; j++)
        {
            double dc = _columnDiagonal[j];
            double s = dc - diag[j];
            // Cancellation can leave S_jj at rounding level (a column whose mass sits in rows holding nothing
            // else); the shift bounds it below, and a preconditioner needs only to be positive.
            diag[j] = 1.0 / Math.Max(s, Math.Max(shift, 1e-14 * dc));
        }
    }

    /// <summary>y = S x = D_c x - P_s^T (D_r^-1 (P_s x)), in one pass over P_s (each row gathered, then scattered).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        var plan = _plan ?? throw new InvalidOperationException("Setup first.");
        if (x.Length != _m || y.Length != _m) throw new ArgumentException("Vectors must have the order of the reduced system.");
        var dc = _columnDiagonal;
        for (int j = 0; j < _m; j++) y[j] = dc[j] * x[j];
        var rowFirst = plan.RowFirst;
        fixed (int* rs = plan.RowStart)
        fixed (int* ci = plan.ColumnIndices)
        fixed (double* va = plan.Values)
        fixed (double* w = _inverseRowDiagonal)
        fixed (double* xp = x)
        fixed (double* yp = y)
        {
            for (int i = 0; i < _n; i++)
            {
                int start = rs[i], end = rs[i + 1];
                if (start == end) continue;
                int first = rowFirst[i];
                if (first >= 0)
                {
                    // A band of consecutive columns: dense, vectorised slices, no index loads.
                    int length = end - start;
                    var band = new ReadOnlySpan<double>(va + start, length);
                    double tb = DenseKernels.Dot(band, new ReadOnlySpan<double>(xp + first, length)) * w[i];
                    DenseKernels.Axpy(-tb, band, new Span<double>(yp + first, length));
                    continue;
                }
                double s0 = 0, s1 = 0;
                int q = start;
                for (; q + 1 < end; q += 2)
                {
                    s0 += va[q] * xp[ci[q]];
                    s1 += va[q + 1] * xp[ci[q + 1]];
                }
                if (q < end) s0 += va[q] * xp[ci[q]];
                double t = (s0 + s1) * w[i];
                for (q = start; q < end; q++) yp[ci[q]] -= va[q] * t;
            }
        }
    }

    public void RightHandSide(ReadOnlySpan<double> g, Span<double> b)
    {
        var plan = _plan ?? throw new InvalidOperationException("Setup first.");
        var rs = plan.RowStart;
        var ci = plan.ColumnIndices;
        var va = plan.Values;
        g.Slice(_n, _m).CopyTo(b);
        for (int i = 0; i < _n; i++)
        {
            double t = g[i] * _inverseRowDiagonal[i];
            if (t == 0) continue;
            for (int q = rs[i]; q < rs[i + 1]; q++) b[ci[q]] -= va[q] * t;
        }
    }

    /// <summary>The full solution d = (dx, dy) with dx = D_r^-1 (g1 - P_s dy).</summary>
    public void Recover(ReadOnlySpan<double> g, ReadOnlySpan<double> dy, Span<double> d)
    {
        var plan = _plan ?? throw new InvalidOperationException("Setup first.");
        var rs = plan.RowStart;
        var ci = plan.ColumnIndices;
        var va = plan.Values;
        for (int i = 0; i < _n; i++)
        {
            double s = 0;
            for (int q = rs[i]; q < rs[i + 1]; q++) s += va[q] * dy[ci[q]];
            d[i] = (g[i] - s) * _inverseRowDiagonal[i];
        }
        dy.CopyTo(d.Slice(_n, _m));
    }

    /// <summary>z = w ⊙ r for a fixed positive w (the inverse of a diagonal).</summary>
    private sealed class InverseDiagonal(double[] inverse) : IPreconditioner
    {
        public int Size => inverse.Length;

        public string Name => "jacobi";

        public string? Remark => null;

        public void Apply(ReadOnlySpan<double> r, Span<double> z)
        {
            for (int j = 0; j < r.Length; j++) z[j] = inverse[j] * r[j];
        }
    }
}
