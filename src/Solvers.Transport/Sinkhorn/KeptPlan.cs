using System.Runtime.CompilerServices;
using Solvers.Transport.Kernels;

namespace Solvers.Transport.Sinkhorn;

/// <summary>
/// The kept entries P_s of a dense n x m plan, row by row (compressed sparse rows without the diagonal blocks of
/// the Newton matrix). A workspace: its arrays are reused from one Newton step to the next and only grow.
/// </summary>
internal sealed class KeptPlan
{
    private int[] _columnIndices;
    private double[] _values;

    public KeptPlan(int n, int m)
    {
        RowCount = n;
        ColumnCount = m;
        RowStart = new int[n + 1];
        RowFirst = new int[n];
        int capacity = Math.Max(4 * (n + m), 2 * m);
        _columnIndices = new int[capacity];
        _values = new double[capacity];
    }

    public int RowCount { get; }

    public int ColumnCount { get; }

    /// <summary>Row i's entries are at [RowStart[i], RowStart[i + 1]), columns increasing.</summary>
    public int[] RowStart { get; }

    /// <summary>
    /// Per row: the first kept column when the row's kept columns are consecutive and at least
    /// <see cref="MinimumRun"/> (so its entries can be used as a dense slice, without the indices), else -1.
    /// Blurry plans of 1-D and smooth problems keep one such band per row.
    /// </summary>
    public int[] RowFirst { get; }

    /// <summary>The shortest run of consecutive kept columns flagged in <see cref="RowFirst"/>.</summary>
    public const int MinimumRun = 8;

    public int[] ColumnIndices => _columnIndices;

    public double[] Values => _values;

    /// <summary>Number of kept entries.</summary>
    public int Count => RowStart[RowCount];

    /// <summary>Keeps P_ij when it is &gt; 0 and &gt;= min(rowThreshold_i, columnThreshold_j).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Select(ReadOnlySpan<double> plan, ReadOnlySpan<double> rowThreshold, ReadOnlySpan<double> columnThreshold)
    {
        int n = RowCount, m = ColumnCount;
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            if (_columnIndices.Length - count < m)
            {
                int capacity = Math.Max(2 * _columnIndices.Length, count + m);
                Array.Resize(ref _columnIndices, capacity);
                Array.Resize(ref _values, capacity);
            }
            int start = count;
            count = DenseKernels.SelectAtLeast(plan.Slice(i * m, m), columnThreshold, rowThreshold[i], _columnIndices, _values, count);
            RowStart[i + 1] = count;
            int length = count - start;
            RowFirst[i] = length >= MinimumRun && _columnIndices[count - 1] - _columnIndices[start] == length - 1 ? _columnIndices[start] : -1;
        }
    }
}
