using Solvers.Linear.Generators;
using Solvers.Linear.Storage;

namespace Solvers.Gpu.Bench;

/// <summary>Model problems by name: poisson2d-N (5-point, N² rows) and poisson3d-N (7-point, N³ rows).</summary>
internal static class Problems
{
    public static CsrMatrix Build(string name)
    {
        int dash = name.LastIndexOf('-');
        int n = int.Parse(name[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return name[..dash] switch
        {
            "poisson2d" => Poisson.TwoD(n),
            "poisson3d" => Poisson.ThreeD(n),
            _ => throw new ArgumentException($"Unknown problem '{name}'.", nameof(name)),
        };
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
