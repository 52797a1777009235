using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>
/// Randomized Kaczmarz for K v = b (sketch S = e_i, i uniform as in the AdaSketch reference code, drawn by <see cref="RowSampler"/>):
/// v -= (r_i / ||K_i||^2) K_i^T with r_i = K_i v - b_i formed from row i alone, so a step costs O(length of
/// row i) (brief section 3). The full residual, needed only by the stopping test, is formed every
/// <see cref="CheckInterval"/> steps (one product with K per 4(n + m) steps, at least 64 and at most 4096 steps
/// apart; 8(n + m) on the Gram path below), which adds about a quarter of a step's cost per step; the step count reported can overshoot the
/// first step at which the test would have held by less than one interval.
/// </summary>
/// <remarks>
/// A step is a dot product and an axpy on one row, a few nanoseconds on the small dense KKT matrices of the
/// Hock-Schittkowski and logistic-regression problems, where hundreds of thousands of steps are taken per solve.
/// When at least a quarter of K is nonzero the rows are therefore kept as a dense row-major copy and processed with
/// 256-bit vectors (the zeros then cost less than the index gathers they replace); sparser matrices (PDE Jacobians)
/// keep the CSR rows. Either way the row sequence, and so the iterates up to rounding, are the same.
/// <para>
/// Dense systems of at most <see cref="GramRowLimit"/> rows go one step further and run Kaczmarz in its dual form:
/// with the Gram matrix G = K K^T formed once, the iterate is v = -K^T c for a coefficient vector c, and a step on
/// row i only reads r_i, adds t = r_i / ||K_i||^2 to c_i and updates r -= t G e_i. That is one vector update per
/// step instead of a dot product and an update, and no horizontal sum stands between one step and the next; v is
/// formed from c (n^2 operations) at the end of each batch of steps, before the base class checks the true residual,
/// and the tracked r is replaced by that true residual after every check so rounding cannot accumulate.
/// </para>
/// <para>
/// Two options depart from the reference code (both off by default there, see <see cref="AdaSketchOptions"/>):
/// rows visited in a fresh random order every sweep (<see cref="KaczmarzRowOrder.Reshuffled"/>), and column scaling,
/// which runs Kaczmarz on K D y = b with D = diag(1 / ||K e_j||) and returns v = D y. The latter is Gower and
/// Richtarik's sketch-and-project in the D^-2-weighted norm: each step projects v onto {K_i v = b_i} in that norm,
/// which evens out the very different scales of the primal and multiplier columns of a KKT matrix. The residual
/// K v - b, and so every stopping test, is that of the original system.
/// </para>
/// </remarks>
public sealed class RandomizedKaczmarz : SketchAndProject
{
    /// <summary>Fraction of nonzeros from which the rows are stored densely.</summary>
    public const double DenseRowsFromDensity = 0.25;

    /// <summary>
    /// Largest dense system run through the Gram matrix (its n^2 doubles stay in L2; forming it costs about n^3, the
    /// price of n^2 / 2 ordinary steps, which the hundreds of thousands of steps of a solve repay).
    /// </summary>
    public const int GramRowLimit = 256;

    private readonly double[] _inverseNormSquared;
    private readonly int[] _rowPointers;
    private readonly int[] _columns;
    private readonly double[] _values;
    private readonly double[]? _denseRows;
    private readonly double[]? _columnScale;
    private readonly double[] _scaled;
    private readonly double[]? _gram;
    private readonly double[]? _coefficients;
    private readonly double[]? _trackedResidual;
    private long _syncedChecks = -1;
    private RowSampler _rows;

    /// <summary>Sets up K v = b from v = 0 with the reference code's uniform row draws and no column scaling.</summary>
    /// <param name="k">The square matrix.</param>
    /// <param name="b">Right-hand side.</param>
    /// <param name="seed">Seed of the row choice.</param>
    public RandomizedKaczmarz(CsrMatrix k, ReadOnlySpan<double> b, int seed)
        : this(k, b, seed, KaczmarzRowOrder.Uniform, scaleColumns: false)
    {
    }

    /// <summary>Sets up K v = b from v = 0.</summary>
    /// <param name="k">The square matrix.</param>
    /// <param name="b">Right-hand side.</param>
    /// <param name="seed">Seed of the row choice.</param>
    /// <param name="order">Independent uniform rows or one random permutation per sweep.</param>
    /// <param name="scaleColumns">Project in the norm weighted by the column norms of K (see remarks).</param>
    public RandomizedKaczmarz(CsrMatrix k, ReadOnlySpan<double> b, int seed, KaczmarzRowOrder order, bool scaleColumns)
        : this(k, b, seed, order, scaleColumns, useGram: true)
    {
    }

    /// <summary>As the public constructor; <paramref name="useGram"/> = false keeps the primal dense steps (for timing them).</summary>
    internal RandomizedKaczmarz(CsrMatrix k, ReadOnlySpan<double> b, int seed, KaczmarzRowOrder order, bool scaleColumns, bool useGram) : base(k, b, seed)
    {
        int n = k.RowCount;
        _rows = new RowSampler(seed, n, order);
        _inverseNormSquared = new double[n];
        _rowPointers = k.RowPointers.ToArray();
        _columns = k.ColumnIndices.ToArray();
        _values = k.Values.ToArray();
        var rp = _rowPointers;
        var values = _values;
        if (scaleColumns)
        {
            _columnScale = new double[n];
            for (int p = 0; p < values.Length; p++) _columnScale[_columns[p]] += values[p] * values[p];
            for (int j = 0; j < n; j++) _columnScale[j] = _columnScale[j] > 0 ? 1.0 / Math.Sqrt(_columnScale[j]) : 1.0;
            for (int p = 0; p < values.Length; p++) values[p] *= _columnScale[_columns[p]];
        }
        // The iterate of the scaled system (y with v = D y), or v itself without scaling.
        _scaled = _columnScale is null ? Solution : new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int p = rp[i]; p < rp[i + 1]; p++) s += values[p] * values[p];
            // A zero row cannot be projected on; its step is skipped (multiplier 0).
            _inverseNormSquared[i] = s > 0 ? 1.0 / s : 0;
        }
        if (n > 0 && k.NonZeroCount >= DenseRowsFromDensity * n * (double)n)
        {
            _denseRows = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int p = rp[i]; p < rp[i + 1]; p++) _denseRows[i * n + _columns[p]] += values[p];
            if (useGram && n <= GramRowLimit)
            {
                _gram = Gram(_denseRows, n);
                _coefficients = new double[n];
                _trackedResidual = new double[GramStride(n)];
                Flops += (double)n * n * (n + 1);
            }
        }
    }

    /// <summary>True when the steps run on the Gram matrix K K^T (the dual form, see remarks).</summary>
    public bool UsesGram => _gram is not null;

    /// <summary>True when the rows are processed as a dense row-major copy of K.</summary>
    public bool UsesDenseRows => _denseRows is not null;

    /// <inheritdoc />
    protected override bool TracksResidual => false;

    /// <inheritdoc />
    /// <remarks>
    /// 4(n + m) steps apart, or 8(n + m) on the Gram path, where a check costs two products with an n x n matrix (forming
    /// v = -K^T c, then K v) instead of one: either way the checks add about n / 4 operations per step.
    /// </remarks>
    public override int CheckInterval => Math.Clamp((_gram is null ? 4 : 8) * Rhs.Length, 64, 4096);

    /// <inheritdoc />
    protected override void Step() => Step(1);

    /// <inheritdoc />
    protected override void Step(long count)
    {
        int n = Rhs.Length;
        if (n == 0 || count <= 0) return;
        if (_gram is not null) GramSteps(count, n);
        else if (_denseRows is not null) DenseSteps(count, n);
        else SparseSteps(count, n);
        if (_columnScale is { } d)
        {
            var y = _scaled;
            var v = Solution;
            for (int j = 0; j < n; j++) v[j] = d[j] * y[j];
            Flops += n;
        }
    }

    private unsafe void DenseSteps(long count, int n)
    {
        var sampler = _rows;
        var rhs = Rhs;
        var inverse = _inverseNormSquared;
        fixed (double* rows = _denseRows, v = _scaled)
        {
            for (long s = 0; s < count; s++)
            {
                int i = sampler.NextRow(n);
                double* row = rows + (nint)i * n;
                double t = (DenseKernels.Dot(n, row, v) - rhs[i]) * inverse[i];
                DenseKernels.Axpy(n, -t, row, v);
            }
        }
        _rows = sampler;
        Flops += count * (4.0 * n + 2);
    }

    private unsafe void GramSteps(long count, int n)
    {
        var residual = _trackedResidual!;
        if (ResidualChecks != _syncedChecks)
        {
            // The base class has just formed the true residual of the current iterate: continue from it.
            Residual.CopyTo(residual, 0); // the padding stays 0
            _syncedChecks = ResidualChecks;
        }
        var sampler = _rows;
        // Rows of G are padded to a multiple of 4 with zeros, so the update has no scalar tail.
        int stride = GramStride(n);
        var c = _coefficients!;
        var inverse = _inverseNormSquared;
        fixed (double* gram = _gram, r = residual, rows = _denseRows, v = _scaled)
        {
            for (long s = 0; s < count; s++)
            {
                int i = sampler.NextRow(n);
                double t = r[i] * inverse[i];
                c[i] += t;
                DenseKernels.Axpy(stride, -t, gram + (nint)i * stride, r);
            }

            // v = -K^T c, the iterate the base class takes the true residual of.
            new Span<double>(v, n).Clear();
            for (int i = 0; i < n; i++)
                if (c[i] != 0) DenseKernels.Axpy(n, -c[i], rows + (nint)i * n, v);
        }
        _rows = sampler;
        Flops += count * (2.0 * n + 3) + 2.0 * n * n;
    }

    private static int GramStride(int n) => (n + 3) & ~3;

    /// <summary>K K^T of a dense row-major n x n matrix (symmetric; both halves filled), rows padded to <see cref="GramStride"/>.</summary>
    private static unsafe double[] Gram(double[] rows, int n)
    {
        int stride = GramStride(n);
        var g = new double[n * stride];
        fixed (double* k = rows)
        {
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                    g[i * stride + j] = g[j * stride + i] = DenseKernels.Dot(n, k + (nint)i * n, k + (nint)j * n);
        }
        return g;
    }

    private void SparseSteps(long count, int n)
    {
        var sampler = _rows;
        var rp = _rowPointers;
        var cols = _columns;
        var vals = _values;
        var v = _scaled;
        var rhs = Rhs;
        var inverse = _inverseNormSquared;
        long work = 0;
        for (long s = 0; s < count; s++)
        {
            int i = sampler.NextRow(n);
            int start = rp[i], end = rp[i + 1];
            // Four partial sums: a single running sum makes the row's dot product one long dependency chain.
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            int p = start;
            for (; p + 3 < end; p += 4)
            {
                a0 += vals[p] * v[cols[p]];
                a1 += vals[p + 1] * v[cols[p + 1]];
                a2 += vals[p + 2] * v[cols[p + 2]];
                a3 += vals[p + 3] * v[cols[p + 3]];
            }
            for (; p < end; p++) a0 += vals[p] * v[cols[p]];
            double t = ((a0 + a1) + (a2 + a3) - rhs[i]) * inverse[i];
            for (p = start; p < end; p++) v[cols[p]] -= t * vals[p];
            work += end - start;
        }
        _rows = sampler;
        Flops += 4.0 * work + 2.0 * count;
    }
}
