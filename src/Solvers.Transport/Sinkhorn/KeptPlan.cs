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
        int capacity = Math.Max(4 * (n + m), 2 * m);
        _columnIndices = new int[capacity];
        _values = new double[capacity];
    }

    public int RowCount { get; }

    public int ColumnCount { get; }

    /// <summary>Row i's entries are at [RowStart[i], RowStart[i + 1]), columns increasing.</summary>
    public int[] RowStart { get; }

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
            count = DenseKernels.SelectAtLeast(plan.Slice(i * m, m), columnThreshold, rowThreshold[i], _columnIndices, _values, count);
            RowStart[i + 1] = count;
        }
    }
}
