namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>Fixed block partitions of {0..n-1} into blocks of size tau (the last may be smaller).</summary>
public static class Partitions
{
    /// <summary>
    /// Builds a fixed partition. <paramref name="lipschitz"/> (the L_i) orders the Sort and Average partitions;
    /// <paramref name="seed"/> drives the Random one.
    /// </summary>
    /// <exception cref="ArgumentException">tau is not positive, or the partition is <see cref="BlockPartition.Variable"/>.</exception>
    public static int[][] Build(BlockPartition kind, ReadOnlySpan<double> lipschitz, int tau, int seed = 1)
    {
        int n = lipschitz.Length;
        if (tau < 1) throw new ArgumentException($"Block size must be at least 1, was {tau}.", nameof(tau));
        int[] order = Enumerable.Range(0, n).ToArray();
        switch (kind)
        {
            case BlockPartition.Order:
                break;
            case BlockPartition.Sort:
            {
                var keys = lipschitz.ToArray();
                Array.Sort(keys.Select(k => -k).ToArray(), order);
                break;
            }
            case BlockPartition.Average:
            {
                var keys = lipschitz.ToArray();
                var sorted = Enumerable.Range(0, n).ToArray();
                Array.Sort(keys.Select(k => -k).ToArray(), sorted);
                for (int lo = 0, hi = n - 1, p = 0; lo <= hi; )
                {
                    order[p++] = sorted[lo++];
                    if (lo <= hi) order[p++] = sorted[hi--];
                }
                break;
            }
            case BlockPartition.Random:
                new Random(seed).Shuffle(order);
                break;
            default:
                throw new ArgumentException($"Partition {kind} is not a fixed partition.", nameof(kind));
        }
        tau = Math.Min(tau, Math.Max(n, 1));
        var blocks = new int[(n + tau - 1) / tau][];
        for (int b = 0; b < blocks.Length; b++)
        {
            int start = b * tau, length = Math.Min(tau, n - start);
            blocks[b] = order.AsSpan(start, length).ToArray();
            Array.Sort(blocks[b]);
        }
        return blocks;
    }
}
