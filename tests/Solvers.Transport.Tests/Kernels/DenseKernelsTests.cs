using System.Runtime.Intrinsics;
using Solvers.Transport.Kernels;

namespace Solvers.Transport.Tests.Kernels;

public class DenseKernelsTests
{
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (int m = 0; m <= 3 * 8 + 1; m++) data.Add(m);
        data.Add(100);
        return data;
    }

    private static double[] Random(int m, int seed, double lo, double hi)
    {
        var rng = new Random(seed);
        var x = new double[m];
        for (int k = 0; k < m; k++) x[k] = lo + (hi - lo) * rng.NextDouble();
        return x;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void GibbsRowMatchesScalarReference(int m)
    {
        var cost = Random(m, 1, -0.1, 8);
        var p = Random(m, 2, -1, 1);
        var fast = new double[m];
        var slow = new double[m];
        double s1 = DenseKernels.GibbsRow(cost, p, 0.3, 100, fast);
        double s2 = DenseKernels.GibbsRowReference(cost, p, 0.3, 100, slow);
        for (int j = 0; j < m; j++)
        {
            if (slow[j] == 0) Assert.Equal(0.0, fast[j]);
            else Assert.True(Math.Abs(fast[j] - slow[j]) <= 1e-12 * slow[j], $"{j}: {fast[j]:R} vs {slow[j]:R}");
        }
        Assert.True(Math.Abs(s1 - s2) <= 1e-12 * Math.Abs(s2));
    }

    [Fact]
    public void ExponentialIsAccurateAcrossTheRange()
    {
        var x = new double[4];
        double worst = 0;
        for (double v = -649; v < 708; v += 0.37)
        {
            for (int q = 0; q < 4; q++) x[q] = v + q * 0.091;
            var e = DenseKernels.ExpFlush(System.Runtime.Intrinsics.Vector256.Create(x));
            for (int q = 0; q < 4; q++) worst = Math.Max(worst, Math.Abs(e.GetElement(q) / Math.Exp(x[q]) - 1));
        }
        Assert.True(worst < 1e-15, $"worst relative error {worst:E2}");
        var special = DenseKernels.ExpFlush(System.Runtime.Intrinsics.Vector256.Create(-700.0, 800.0, double.NaN, 0.0));
        Assert.Equal(0.0, special.GetElement(0));
        Assert.Equal(double.PositiveInfinity, special.GetElement(1));
        Assert.True(double.IsNaN(special.GetElement(2)));
        Assert.Equal(1.0, special.GetElement(3));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void FusedRowStepMatchesReference(int m)
    {
        var kernel = Random(m, 3, 0, 1);
        var v = Random(m, 4, 0.5, 2);
        var acc1 = Random(m, 5, 0, 1);
        var acc2 = (double[])acc1.Clone();
        double u1 = -1, u2 = -1;
        double s1 = DenseKernels.ScaleRowAndAccumulate(kernel, v, 0.25, 1e-200, 1e200, ref u1, acc1);
        double s2 = DenseKernels.ScaleRowAndAccumulateReference(kernel, v, 0.25, 1e-200, 1e200, ref u2, acc2);
        Assert.Equal(s2, s1, 12);
        Assert.Equal(u2, u1, 12);
        for (int j = 0; j < m; j++) Assert.Equal(acc2[j], acc1[j], 12);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MinDifferenceMatchesReference(int m)
    {
        var cost = Random(m, 6, 0, 1);
        var pot = Random(m, 7, 0, 1);
        double a = DenseKernels.MinDifference(cost, pot, out int i1);
        double b = DenseKernels.MinDifferenceReference(cost, pot, out int i2);
        Assert.Equal(b, a);
        Assert.Equal(i2, i1);
        Assert.Equal(b, DenseKernels.MinDifferenceValue(cost, pot));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ScaleRowAndSumMatchesLoop(int m)
    {
        var row = Random(m, 10, 0, 1);
        var v = Random(m, 11, 0.5, 2);
        var expected = row.Select((x, j) => x * v[j] * 0.37).ToArray();
        double sum = DenseKernels.ScaleRowAndSum(0.37, v, row);
        Assert.Equal(expected, row);
        Assert.Equal(expected.Sum(), sum, 1e-14 * (1 + expected.Sum()));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SelectAtLeastMatchesLoop(int m)
    {
        var row = Random(m, 8, -0.1, 1);
        var thresholds = Random(m, 9, 0, 1);
        var idx = new int[m];
        var val = new double[m];
        int count = DenseKernels.SelectAtLeast(row, thresholds, 0.5, idx, val, 0);
        var expected = Enumerable.Range(0, m).Where(j => row[j] > 0 && row[j] >= Math.Min(0.5, thresholds[j])).ToArray();
        Assert.Equal(expected, idx.Take(count).ToArray());
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void LogSumExpMatchesDirectSum(int m)
    {
        var cost = Random(m, 10, 0, 1);
        var p = Random(m, 11, -2, 2);
        double expected = m == 0 ? double.NegativeInfinity : Math.Log(Enumerable.Range(0, m).Sum(j => Math.Exp(p[j] - 3 * cost[j])));
        double actual = DenseKernels.LogSumExp(cost, p, 3, new double[m]);
        if (m == 0) Assert.Equal(expected, actual);
        else Assert.Equal(expected, actual, 12);
    }
}
