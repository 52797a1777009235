using Solvers.Linear.Dcdm.Network;
using static Solvers.Linear.Tests.Dcdm.NetworkTestMaps;

namespace Solvers.Linear.Tests.Dcdm;

public class ConvolutionKernelTests
{
    private const int Lanes = ConvolutionKernels.Lanes;

    [Theory]
    [InlineData(1, 7, 11, false)]
    [InlineData(16, 9, 13, true)]
    [InlineData(16, 16, 16, false)]
    [InlineData(1, 3, 2, true)]
    public void Forward3x3MatchesNaiveZeroPaddedConvolution(int cin, int h, int w, bool relu)
    {
        var input = Random(h, w, cin, seed: 1);
        var weights = RandomArray(9 * cin * Lanes, seed: 2);
        var bias = RandomArray(Lanes, seed: 3);
        var output = new FeatureMap(h, w, Lanes);
        ConvolutionKernels.Forward3x3(input, weights, bias, output, relu, accumulate: false);
        var expected = NaiveConv(input, weights, bias, Lanes);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int o = 0; o < Lanes; o++)
                {
                    double e = relu ? Math.Max(0, expected[y, x, o]) : expected[y, x, o];
                    Assert.True(Math.Abs(output[y, x, o] - e) <= 1e-5 * (1 + Math.Abs(e)), $"({y},{x},{o}): {output[y, x, o]} vs {e}");
                }
        Assert.True(BorderIsZero(output));
    }

    [Fact]
    public void AccumulateAddsTheConvolutionWithoutBias()
    {
        var input = Random(5, 10, Lanes, seed: 4);
        var weights = RandomArray(9 * Lanes * Lanes, seed: 5);
        var output = Random(5, 10, Lanes, seed: 6);
        var before = (float[])output.Data.Clone();
        ConvolutionKernels.Forward3x3(input, weights, default, output, relu: false, accumulate: true);
        var conv = NaiveConv(input, weights, [], Lanes);
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 10; x++)
                for (int o = 0; o < Lanes; o++)
                {
                    double e = before[output.Offset(y, x) + o] + conv[y, x, o];
                    Assert.True(Math.Abs(output[y, x, o] - e) <= 1e-5 * (1 + Math.Abs(e)));
                }
    }

    [Fact]
    public void AdjointWeightsGiveTheTransposedConvolution()
    {
        // <conv(x), g> = <x, conv*(g)> for the zero-padded convolution without bias: the dot-product test.
        var x = Random(12, 9, Lanes, seed: 7);
        var g = Random(12, 9, Lanes, seed: 8);
        var weights = RandomArray(9 * Lanes * Lanes, seed: 9);
        var adjoint = new float[weights.Length];
        ConvolutionKernels.AdjointWeights(weights, adjoint);
        var ax = new FeatureMap(12, 9, Lanes);
        var atg = new FeatureMap(12, 9, Lanes);
        ConvolutionKernels.Forward3x3(x, weights, default, ax, relu: false, accumulate: false);
        ConvolutionKernels.Forward3x3(g, adjoint, default, atg, relu: false, accumulate: false);
        double left = Dot(ax, g), right = Dot(x, atg);
        Assert.True(Math.Abs(left - right) <= 1e-4 * Math.Abs(left), $"{left} vs {right}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public void WeightGradientMatchesNaiveSums(int cin)
    {
        int h = 6, w = 11;
        var input = Random(h, w, cin, seed: 10);
        var g = Random(h, w, Lanes, seed: 11);
        var dw = RandomArray(9 * cin * Lanes, seed: 12);
        var db = RandomArray(Lanes, seed: 13);
        var dw0 = (float[])dw.Clone();
        var db0 = (float[])db.Clone();
        ConvolutionKernels.WeightGradient3x3(input, g, dw, db);
        for (int tap = 0; tap < 9; tap++)
            for (int c = 0; c < cin; c++)
                for (int o = 0; o < Lanes; o++)
                {
                    double sum = dw0[(tap * cin + c) * Lanes + o];
                    for (int y = 0; y < h; y++)
                        for (int x = 0; x < w; x++)
                        {
                            int yy = y + tap / 3 - 1, xx = x + tap % 3 - 1;
                            if (yy >= 0 && yy < h && xx >= 0 && xx < w) sum += (double)input[yy, xx, c] * g[y, x, o];
                        }
                    Assert.True(Math.Abs(dw[(tap * cin + c) * Lanes + o] - sum) <= 1e-4 * (1 + Math.Abs(sum)));
                }
        for (int o = 0; o < Lanes; o++)
        {
            double sum = db0[o];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) sum += g[y, x, o];
            Assert.True(Math.Abs(db[o] - sum) <= 1e-4 * (1 + Math.Abs(sum)));
        }
    }

    [Fact]
    public void OneByOneLayerAndItsGradientsMatchNaiveLoops()
    {
        var input = Random(4, 5, Lanes, seed: 14);
        var weights = RandomArray(Lanes, seed: 15);
        var output = new FeatureMap(4, 5, 1);
        ConvolutionKernels.Forward1x1(input, weights, 0.5f, output);
        var g = Random(4, 5, 1, seed: 16);
        var gi = new FeatureMap(4, 5, Lanes);
        var dw = new float[Lanes];
        float db = 0;
        ConvolutionKernels.Backward1x1(input, weights, g, gi, dw, ref db);
        double dbExpected = 0;
        var dwExpected = new double[Lanes];
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 5; x++)
            {
                double e = 0.5;
                for (int c = 0; c < Lanes; c++)
                {
                    e += weights[c] * (double)input[y, x, c];
                    dwExpected[c] += g[y, x, 0] * (double)input[y, x, c];
                    Assert.Equal(g[y, x, 0] * weights[c], gi[y, x, c], 5);
                }
                dbExpected += g[y, x, 0];
                Assert.Equal(e, output[y, x, 0], 4);
            }
        Assert.Equal(dbExpected, db, 4);
        for (int c = 0; c < Lanes; c++) Assert.Equal(dwExpected[c], dw[c], 4);
    }

    [Fact]
    public void MismatchedShapesAreRejectedWithTheSizes()
    {
        var input = new FeatureMap(4, 4, Lanes);
        var output = new FeatureMap(4, 5, Lanes);
        var e = Assert.Throws<ArgumentException>(() => ConvolutionKernels.Forward3x3(input, new float[9 * Lanes * Lanes], default, output, false, false));
        Assert.Contains("4 x 4", e.Message);
    }
}
