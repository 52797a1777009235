using MathNet.Numerics.LinearAlgebra;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Direct;

/// <summary>Seeded test matrices for the direct solvers, and a dense symbolic reference for fill.</summary>
internal static class DirectTestMatrices
{
    /// <summary>
    /// A random sparse SPD matrix with a dense block of <paramref name="denseBlock"/> rows/columns at the end, so that
    /// supernodes are wide enough to exercise the blocked panel and the packed kernel's edge tiles.
    /// </summary>
    public static CsrMatrix SpdWithDenseBlock(int n, int perRow, int denseBlock, int seed)
    {
        var rng = new Random(seed);
        var coo = new CooMatrix(n, n);
        var rowSum = new double[n];
        void AddPair(int i, int j, double v)
        {
            coo.Add(i, j, v);
            coo.Add(j, i, v);
            rowSum[i] += Math.Abs(v);
            rowSum[j] += Math.Abs(v);
        }
        for (int i = 0; i < n; i++)
            for (int e = 0; e < perRow; e++)
            {
                int j = rng.Next(n);
                if (j != i) AddPair(i, j, 2 * rng.NextDouble() - 1);
            }
        for (int i = n - denseBlock; i < n; i++)
            for (int j = n - denseBlock; j < i; j++) AddPair(i, j, 2 * rng.NextDouble() - 1);
        for (int i = 0; i < n; i++) coo.Add(i, i, 1 + rowSum[i]);
        return coo.ToCsr();
    }

    /// <summary>
    /// A symmetric quasi-definite KKT matrix [H A^T; A -G]: H (nh x nh) SPD, A (m x nh) random sparse, G (m x m)
    /// SPD diagonal regularisation. Indefinite, so Cholesky fails, but LDL^T exists for every symmetric ordering.
    /// </summary>
    public static CsrMatrix QuasiDefinite(int nh, int m, int seed)
    {
        var rng = new Random(seed);
        int n = nh + m;
        var h = RandomMatrices.Spd(nh, 3, seed);
        var coo = new CooMatrix(n, n);
        for (int i = 0; i < nh; i++)
            for (int k = h.RowPointers[i]; k < h.RowPointers[i + 1]; k++) coo.Add(i, h.ColumnIndices[k], h.Values[k]);
        for (int r = 0; r < m; r++)
        {
            for (int e = 0; e < 3; e++)
            {
                int j = rng.Next(nh);
                double v = 2 * rng.NextDouble() - 1;
                coo.Add(nh + r, j, v);
                coo.Add(j, nh + r, v);
            }
            coo.Add(nh + r, nh + r, -(0.1 + rng.NextDouble()));
        }
        return coo.ToCsr();
    }

    /// <summary>A random nonsymmetric matrix whose diagonal is mostly zero, so LU has to pivot off the diagonal.</summary>
    public static CsrMatrix NeedsPivoting(int n, int seed)
    {
        var rng = new Random(seed);
        var coo = new CooMatrix(n, n);
        // A random permutation matrix times a diagonally dominant matrix: nonsingular, off-diagonal pivots.
        var perm = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
        for (int i = 0; i < n; i++)
        {
            coo.Add(perm[i], i, 5 + rng.NextDouble());
            for (int e = 0; e < 3; e++) coo.Add(perm[i], rng.Next(n), 2 * rng.NextDouble() - 1);
        }
        return coo.ToCsr();
    }

    /// <summary>Entries in each column of the Cholesky factor of P A P^T by dense symbolic elimination (O(n^3); small n only).</summary>
    public static long[] DenseColumnCounts(CsrMatrix a, ReadOnlySpan<int> newToOld)
    {
        int n = a.RowCount;
        var pattern = new bool[n, n];
        var oldToNew = new int[n];
        for (int k = 0; k < n; k++) oldToNew[newToOld[k]] = k;
        for (int i = 0; i < n; i++)
            for (int p = a.RowPointers[i]; p < a.RowPointers[i + 1]; p++)
            {
                int r = oldToNew[i], c = oldToNew[a.ColumnIndices[p]];
                pattern[Math.Max(r, c), Math.Min(r, c)] = true;
            }
        var counts = new long[n];
        for (int j = 0; j < n; j++)
        {
            pattern[j, j] = true;
            for (int i = j + 1; i < n; i++)
            {
                if (!pattern[i, j]) continue;
                for (int k = i + 1; k < n; k++)
                    if (pattern[k, j]) pattern[k, i] = true;
            }
            for (int i = j; i < n; i++) if (pattern[i, j]) counts[j]++;
        }
        return counts;
    }

    public static double[] Ones(int n) => Enumerable.Repeat(1.0, n).ToArray();

    public static double[] Times(CsrMatrix a, double[] x)
    {
        var y = new double[a.RowCount];
        a.Apply(x, y);
        return y;
    }

    public static Vector<double> Dense(double[] v) => Vector<double>.Build.DenseOfArray(v);
}
