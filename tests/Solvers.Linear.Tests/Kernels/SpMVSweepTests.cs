using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Solvers.Linear.Generators;
using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Kernels;

/// <summary>
/// SpMV collects x for long rows with scalar loads instead of vgatherdpd, and sweeps in-cache matrices row by
/// row instead of in two interleaved halves. Neither may change a bit of y or of the fused x.y: compared here
/// with the first implementation (gather, two halves), written out below.
/// </summary>
public class SpMVSweepTests
{
    /// <summary>The first kernel's row sum: rows of 8+ entries gathered 4 at a time into two accumulators.</summary>
    private static unsafe double GatherRow(int* ci, double* va, double* x, int k, int end)
    {
        double s = 0;
        if (end - k >= 8)
        {
            Vector256<double> acc0 = Vector256<double>.Zero, acc1 = Vector256<double>.Zero;
            for (; k + 8 <= end; k += 8)
            {
                acc0 = Fma.MultiplyAdd(Avx.LoadVector256(va + k), Avx2.GatherVector256(x, Sse2.LoadVector128(ci + k), 8), acc0);
                acc1 = Fma.MultiplyAdd(Avx.LoadVector256(va + k + 4), Avx2.GatherVector256(x, Sse2.LoadVector128(ci + k + 4), 8), acc1);
            }
            s = Vector256.Sum(acc0 + acc1);
        }
        double t = 0;
        for (; k < end; k++) t += va[k] * x[ci[k]];
        return s + t;
    }

    /// <summary>y and x.y as the first kernel formed them: x.y summed over the two halves, the odd last row with the first.</summary>
    private static unsafe double Reference(CsrMatrix a, double[] x, double[] y)
    {
        int n = a.RowCount;
        double dot0 = 0, dot1 = 0;
        int half = n >= 4096 ? n / 2 : n;
        fixed (int* rp = a.RowPointers)
        fixed (int* ci = a.ColumnIndices)
        fixed (double* va = a.Values)
        fixed (double* xp = x)
        {
            for (int i = 0; i < n; i++)
            {
                y[i] = GatherRow(ci, va, xp, rp[i], rp[i + 1]);
                if (n >= 4096 && i >= half && i < 2 * half) dot1 += x[i] * y[i];
                else if (n < 4096 || i < half) dot0 += x[i] * y[i];
            }
            if (n >= 4096 && n % 2 == 1) dot0 += x[n - 1] * y[n - 1];
        }
        return dot0 + dot1;
    }

    public static TheoryData<string> Matrices() =>
        ["gr_30_30.mtx", "crystm01.mtx", "bcsstk25.mtx", "sherman5.mtx", "1138_bus.mtx", "poisson2d:70", "poisson2d:71", "poisson2d:470", "poisson3d:101"];

    [Theory]
    [MemberData(nameof(Matrices))]
    public void ProductAndDotAreBitForBitThoseOfTheFirstKernel(string spec)
    {
        if (!Avx2.IsSupported || !Fma.IsSupported) return;
        var parts = spec.Split(':');
        var a = parts[0] switch
        {
            "poisson2d" => Poisson.TwoD(int.Parse(parts[1])),
            "poisson3d" => Poisson.ThreeD(int.Parse(parts[1])),
            _ => TestData.Matrix(spec),
        };
        int n = a.RowCount;
        var x = RandomMatrices.Vector(n, 23);
        var expected = new double[n];
        double expectedDot = Reference(a, x, expected);
        var y = new double[n];
        double dot = SpMV.MultiplyDot(a.RowPointers, a.ColumnIndices, a.Values, x, y);
        Assert.Equal(expected, y);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expectedDot), BitConverter.DoubleToInt64Bits(dot));
        var z = new double[n];
        SpMV.Multiply(a.RowPointers, a.ColumnIndices, a.Values, x, z, 0, n);
        Assert.Equal(expected, z);
    }
}
