namespace Solvers.Linear.Storage;

/// <summary>Contiguous row blocks with roughly equal numbers of stored entries, for threaded kernels.</summary>
internal sealed class RowPartition
{
    private readonly int[] _starts;

    private RowPartition(int[] starts) => _starts = starts;

    public int Count => _starts.Length - 1;

    public int Start(int block) => _starts[block];

    public static RowPartition BalancedByEntries(ReadOnlySpan<int> rowPointers, int blocks)
    {
        int rows = rowPointers.Length - 1;
        long nnz = rowPointers[rows];
        var starts = new int[blocks + 1];
        int row = 0;
        for (int b = 1; b < blocks; b++)
        {
            long target = nnz * b / blocks;
            while (row < rows && rowPointers[row] < target) row++;
            starts[b] = row;
        }
        starts[blocks] = rows;
        return new RowPartition(starts);
    }
}
