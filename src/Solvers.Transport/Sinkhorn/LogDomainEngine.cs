using System.Runtime.CompilerServices;
using Solvers.Transport.Kernels;
using Solvers.Transport.Problems;

namespace Solvers.Transport.Sinkhorn;

/// <summary>
/// Sinkhorn entirely in the log domain, as POT's sinkhorn_log: G = reg (log b - LSE_i((F_i - C_ij) / reg)),
/// then F = reg (log a - LSE_j((G_j - C_ij) / reg)). Two exponentials per entry per iteration; the column
/// marginal of the new plan is accumulated during the row pass, so checking it costs nothing extra.
/// </summary>
internal sealed class LogDomainEngine
{
    private readonly int _n, _m;
    private readonly double[] _c, _a, _b;
    private readonly double _reg, _invReg;
    private readonly double[] _f, _g, _gScaled, _colMax, _negColMax, _colSum, _colMarginal, _row;

    public LogDomainEngine(OtProblem problem, double reg)
    {
        _n = problem.SourceCount;
        _m = problem.TargetCount;
        _c = problem.Cost.Array;
        _a = problem.SourceArray;
        _b = problem.TargetArray;
        _reg = reg;
        _invReg = 1.0 / reg;
        _f = new double[_n];
        _g = new double[_m];
        _gScaled = new double[_m];
        _colMax = new double[_m];
        _colSum = new double[_m];
        _negColMax = new double[_m];
        _colMarginal = new double[_m];
        _row = new double[_m];
    }

    public double ColumnErrorL1 { get; private set; }

    public double ColumnErrorL2 { get; private set; }

    public ReadOnlySpan<double> F => _f;

    public ReadOnlySpan<double> G => _g;

    public void Start(ReadOnlySpan<double> f, ReadOnlySpan<double> g)
    {
        if (f.IsEmpty) Array.Clear(_f); else f.CopyTo(_f);
        if (g.IsEmpty) Array.Clear(_g); else g.CopyTo(_g);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Iterate()
    {
        int n = _n, m = _m;
        double inv = _invReg;
        // Column log-sum-exp: max pass, then sum pass.
        Array.Fill(_colMax, double.NegativeInfinity);
        for (int i = 0; i < n; i++)
        {
            DenseKernels.MaxAffineInto(_c.AsSpan(i * m, m), _f[i] * inv, inv, _colMax);
        }
        for (int j = 0; j < m; j++) _negColMax[j] = -_colMax[j];
        Array.Clear(_colSum);
        for (int i = 0; i < n; i++)
        {
            DenseKernels.GibbsRow(_c.AsSpan(i * m, m), _negColMax, _f[i] * inv, inv, _row);
            DenseKernels.Add(_row, _colSum);
        }
        for (int j = 0; j < m; j++) _g[j] = _reg * (Math.Log(_b[j]) - _colMax[j] - Math.Log(_colSum[j]));
        for (int j = 0; j < m; j++) _gScaled[j] = _g[j] * inv;
        // Row log-sum-exp, accumulating the column marginal of the new plan: P_ij = a_i e_ij / sum_j e_ij.
        Array.Clear(_colMarginal);
        for (int i = 0; i < n; i++)
        {
            var cost = _c.AsSpan(i * m, m);
            double max = DenseKernels.MaxAffine(cost, _gScaled, inv);
            double sum = DenseKernels.GibbsRow(cost, _gScaled, -max, inv, _row);
            _f[i] = _reg * (Math.Log(_a[i]) - max - Math.Log(sum));
            DenseKernels.Axpy(_a[i] / sum, _row, _colMarginal);
        }
        double l1 = 0, l2 = 0;
        for (int j = 0; j < m; j++)
        {
            double d = _colMarginal[j] - _b[j];
            l1 += Math.Abs(d);
            l2 += d * d;
        }
        ColumnErrorL1 = l1;
        ColumnErrorL2 = Math.Sqrt(l2);
    }
}
