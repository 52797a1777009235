using System.Runtime.CompilerServices;
using Solvers.Transport.Kernels;
using Solvers.Transport.Problems;

namespace Solvers.Transport.Sinkhorn;

/// <summary>
/// Sinkhorn iterations in scaling form on a kernel with absorbed log-potentials (Schmitzer 2019, "Stabilized
/// sparse scaling algorithms for entropy regularized transport problems", SIAM J. Sci. Comput. 41(3), §3.1):
/// P = diag(u) K diag(v) with K[i, j] = exp((f_i + g_j - C[i, j]) / reg), full potentials F = f + reg log u,
/// G = g + reg log v.
/// </summary>
/// <remarks>
/// One iteration is POT's order, v = b / (K^T u) then u = a / (K v), done as one pass over K: for each row,
/// s = K_i . v, u_i = a_i / s, w += u_i K_i, so w = K^T u is ready for the next v-update and the column
/// marginal v ⊙ w of the current plan comes for free. When a scaling leaves [1/tau, tau] it is absorbed into
/// (f, g) and K rebuilt; a row or column whose product under- or overflows is instead updated in the log
/// domain (an exact log-sum-exp step) and its kernel row or column rebuilt, so no NaN or zero division
/// appears at any regularisation.
/// </remarks>
internal sealed class StabilizedSinkhornEngine
{
    private const double Lower = 1e-200;
    private const double Upper = 1e200;

    private readonly int _n, _m;
    private readonly double[] _c, _a, _b;
    private readonly double _reg, _invReg, _tau;
    private readonly double[] _k;
    private readonly double[] _f, _g, _u, _v, _w, _s;
    private readonly double[] _gScaled, _fullGScaled, _rowWork, _columnCost, _columnWork, _fullFScaled;
    private bool _fullGValid;

    public StabilizedSinkhornEngine(OtProblem problem, double reg, double tau, double[]? kernelBuffer = null)
    {
        _n = problem.SourceCount;
        _m = problem.TargetCount;
        _c = problem.Cost.Array;
        _a = problem.SourceArray;
        _b = problem.TargetArray;
        _reg = reg;
        _invReg = 1.0 / reg;
        _tau = tau;
        _k = kernelBuffer is not null && kernelBuffer.Length == _n * _m ? kernelBuffer : new double[_n * _m];
        _f = new double[_n];
        _g = new double[_m];
        _u = new double[_n];
        _v = new double[_m];
        _w = new double[_m];
        _s = new double[_n];
        _gScaled = new double[_m];
        _fullGScaled = new double[_m];
        _rowWork = new double[_m];
        _columnCost = new double[_n];
        _columnWork = new double[_n];
        _fullFScaled = new double[_n];
    }

    /// <summary>The kernel buffer (n x m); holds the plan after <see cref="WritePlanInPlace"/>.</summary>
    public double[] Kernel => _k;

    /// <summary>Kernel rebuilds (absorptions) so far, including the one of <see cref="Start"/>.</summary>
    public int Rebuilds { get; private set; }

    /// <summary>Rows and columns updated in the log domain because their product under- or overflowed.</summary>
    public int Repairs { get; private set; }

    /// <summary>Row error sum_i |u_i (K v)_i - a_i| and column errors of the last iteration.</summary>
    public double RowError { get; private set; }

    /// <summary>sum_j |v_j (K^T u)_j - b_j| of the last iteration.</summary>
    public double ColumnErrorL1 { get; private set; }

    /// <summary>||v ⊙ (K^T u) - b||_2 of the last iteration (POT's statistic).</summary>
    public double ColumnErrorL2 { get; private set; }

    /// <summary>Starts from potentials (f, g) (zero when empty) with unit scalings, building the kernel.</summary>
    public void Start(ReadOnlySpan<double> f, ReadOnlySpan<double> g)
    {
        if (f.IsEmpty) Array.Clear(_f); else f.CopyTo(_f);
        if (g.IsEmpty) Array.Clear(_g); else g.CopyTo(_g);
        Array.Fill(_u, 1.0);
        Array.Fill(_v, 1.0);
        Rebuild();
    }

    /// <summary>One Sinkhorn iteration (v-update, then u-update); updates the error properties.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Iterate()
    {
        int n = _n, m = _m;
        _fullGValid = false;
        for (int j = 0; j < m; j++)
        {
            double wj = _w[j];
            if (wj > Lower && wj < Upper) _v[j] = _b[j] / wj;
            else RepairColumn(j);
        }
        Array.Clear(_w);
        var k = _k.AsSpan();
        for (int i = 0; i < n; i++)
        {
            var row = k.Slice(i * m, m);
            double s = DenseKernels.ScaleRowAndAccumulate(row, _v, _a[i], Lower, Upper, ref _u[i], _w);
            if (!(s > Lower && s < Upper)) s = RepairRow(i, row);
            _s[i] = s;
        }
        double rowError = 0;
        for (int i = 0; i < n; i++) rowError += Math.Abs(_u[i] * _s[i] - _a[i]);
        double l1 = 0, l2 = 0;
        for (int j = 0; j < m; j++)
        {
            double d = _v[j] * _w[j] - _b[j];
            l1 += Math.Abs(d);
            l2 += d * d;
        }
        RowError = rowError;
        ColumnErrorL1 = l1;
        ColumnErrorL2 = Math.Sqrt(l2);
        if (NeedsAbsorption()) Absorb();
    }

    /// <summary>Full potentials F = f + reg log u and G = g + reg log v.</summary>
    public void GetPotentials(Span<double> f, Span<double> g)
    {
        for (int i = 0; i < _n; i++) f[i] = _f[i] + _reg * Math.Log(_u[i]);
        for (int j = 0; j < _m; j++) g[j] = _g[j] + _reg * Math.Log(_v[j]);
    }

    /// <summary>Overwrites the kernel buffer with the plan diag(u) K diag(v); the engine must be restarted after.</summary>
    public void WritePlanInPlace()
    {
        var k = _k.AsSpan();
        for (int i = 0; i < _n; i++)
        {
            var row = k.Slice(i * _m, _m);
            DenseKernels.ScaleRow(_u[i], _v, row);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool NeedsAbsorption()
    {
        double lo = 1.0 / _tau, hi = _tau;
        foreach (double x in _u) if (!(x >= lo && x <= hi)) return true;
        foreach (double x in _v) if (!(x >= lo && x <= hi)) return true;
        return false;
    }

    private void Absorb()
    {
        for (int i = 0; i < _n; i++) { _f[i] += _reg * Math.Log(_u[i]); _u[i] = 1; }
        for (int j = 0; j < _m; j++) { _g[j] += _reg * Math.Log(_v[j]); _v[j] = 1; }
        Rebuild();
    }

    /// <summary>K = exp((f + g - C) / reg) with u = v = 1, and w = K^T 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rebuild()
    {
        Rebuilds++;
        for (int j = 0; j < _m; j++) _gScaled[j] = _g[j] * _invReg;
        Array.Clear(_w);
        var k = _k.AsSpan();
        for (int i = 0; i < _n; i++)
        {
            var row = k.Slice(i * _m, _m);
            DenseKernels.GibbsRow(_c.AsSpan(i * _m, _m), _gScaled, _f[i] * _invReg, _invReg, row);
            DenseKernels.Add(row, _w);
        }
    }

    /// <summary>Log-domain v-update of column j: G_j = reg (log b_j - LSE_i((F_i - C_ij) / reg)); absorbs it into g_j.</summary>
    private void RepairColumn(int j)
    {
        Repairs++;
        int n = _n, m = _m;
        for (int i = 0; i < n; i++)
        {
            _columnCost[i] = _c[i * m + j];
            _fullFScaled[i] = _f[i] * _invReg + Math.Log(_u[i]);
        }
        double lse = DenseKernels.LogSumExp(_columnCost, _fullFScaled, _invReg, _columnWork);
        _g[j] = _reg * (Math.Log(_b[j]) - lse);
        _v[j] = 1;
        _gScaled[j] = _g[j] * _invReg;
        double gs = _gScaled[j];
        for (int i = 0; i < n; i++)
        {
            double x = _f[i] * _invReg + gs - _invReg * _columnCost[i];
            _k[i * m + j] = x >= DenseKernels.FlushExponent ? Math.Exp(x) : 0.0;
        }
    }

    /// <summary>Log-domain u-update of row i; absorbs it into f_i, rebuilds the kernel row, accumulates it into w and returns K_i . v.</summary>
    private double RepairRow(int i, Span<double> row)
    {
        Repairs++;
        int m = _m;
        if (!_fullGValid)
        {
            for (int j = 0; j < m; j++) _fullGScaled[j] = _gScaled[j] + Math.Log(_v[j]);
            _fullGValid = true;
        }
        var cost = _c.AsSpan(i * m, m);
        double lse = DenseKernels.LogSumExp(cost, _fullGScaled, _invReg, _rowWork);
        _f[i] = _reg * (Math.Log(_a[i]) - lse);
        _u[i] = 1;
        DenseKernels.GibbsRow(cost, _gScaled, _f[i] * _invReg, _invReg, row);
        DenseKernels.Add(row, _w);
        return DenseKernels.Dot(row, _v);
    }
}
