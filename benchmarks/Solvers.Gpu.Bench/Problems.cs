using Solvers.Linear.Generators;
using Solvers.Linear.Storage;

namespace Solvers.Gpu.Bench;

/// <summary>Model problems by name: poisson2d-N (5-point, N² rows) and poisson3d-N (7-point, N³ rows).</summary>
internal static class Problems
{
    public static CsrMatrix Build(string name)
    {
        if (name.StartsWith("band-", StringComparison.Ordinal))
        {
            var parts = name.Split('-');
            return Band(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
        }
        int dash = name.LastIndexOf('-');
        int n = int.Parse(name[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return name[..dash] switch
        {
            "poisson2d" => Poisson.TwoD(n),
            "poisson3d" => Poisson.ThreeD(n),
            _ => throw new ArgumentException($"Unknown problem '{name}'.", nameof(name)),
        };
    }

    /// <summary>
    /// band-N-W: the SPD banded matrix with 2W+1 entries per row (diagonal 2W + 1, off-diagonals -1 / (1 + |i - j|)):
    /// long rows, for the vector kernel.
    /// </summary>
    public static CsrMatrix Band(int n, int w)
    {
        var rp = new int[n + 1];
        var ci = new List<int>(n * (2 * w + 1));
        var va = new List<double>(n * (2 * w + 1));
        for (int i = 0; i < n; i++)
        {
            for (int j = Math.Max(0, i - w); j <= Math.Min(n - 1, i + w); j++)
            {
                ci.Add(j);
                va.Add(i == j ? 2.0 * w + 1 : -1.0 / (1 + Math.Abs(i - j)));
            }
            rp[i + 1] = ci.Count;
        }
        return CsrMatrix.FromArrays(n, n, rp, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ci), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(va));
    }

    /// <summary>b = A·1, so the exact solution is all ones.</summary>
    public static double[] OnesRhs(CsrMatrix a)
    {
        var ones = new double[a.ColumnCount];
        Array.Fill(ones, 1.0);
        var b = new double[a.RowCount];
        a.Apply(ones, b);
        return b;
    }

    public static double MaxErrorFromOnes(ReadOnlySpan<double> x)
    {
        double e = 0;
        foreach (double v in x) e = Math.Max(e, Math.Abs(v - 1));
        return e;
    }

    /// <summary>Bytes a Jacobi-PCG iteration moves at least: SpMV plus the update (5 reads, 2 writes) and the direction (3 reads, 1 write).</summary>
    public static long CgIterationBytes(CsrMatrix a, bool jacobi)
    {
        long n = a.RowCount;
        long spmv = 12L * a.NonZeroCount + 4L * (n + 1) + 16L * n;
        return spmv + (jacobi ? 88L : 72L) * n;
    }
}
