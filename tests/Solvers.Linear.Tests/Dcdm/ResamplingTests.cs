using Solvers.Linear.Dcdm.Network;
using static Solvers.Linear.Tests.Dcdm.NetworkTestMaps;

namespace Solvers.Linear.Tests.Dcdm;

public class ResamplingTests
{
    [Fact]
    public void AveragePoolAndUpsampleMatchNaiveLoops()
    {
        var fine = Random(6, 8, 3, seed: 1);
        var coarse = new FeatureMap(3, 4, 3);
        Resampling.AveragePool(fine, coarse);
        var up = new FeatureMap(6, 8, 3);
        Resampling.Upsample(coarse, up);
        for (int y = 0; y < 3; y++)
            for (int x = 0; x < 4; x++)
                for (int c = 0; c < 3; c++)
                {
                    double mean = (fine[2 * y, 2 * x, c] + fine[2 * y + 1, 2 * x, c] + fine[2 * y, 2 * x + 1, c] + fine[2 * y + 1, 2 * x + 1, c]) / 4.0;
                    Assert.Equal(mean, coarse[y, x, c], 6);
                }
        for (int y = 0; y < 6; y++)
            for (int x = 0; x < 8; x++)
                for (int c = 0; c < 3; c++) Assert.Equal(coarse[y / 2, x / 2, c], up[y, x, c]);
        Assert.True(BorderIsZero(coarse) && BorderIsZero(up));
    }

    [Fact]
    public void BackwardPassesAreTheAdjointsOfTheForwardOnes()
    {
        // <P x, y> = <x, P* y> and <U y, x> = <y, U* x>, the dot-product test for both gradients.
        var x = Random(8, 4, 16, seed: 2);
        var y = Random(4, 2, 16, seed: 3);
        var px = new FeatureMap(4, 2, 16);
        Resampling.AveragePool(x, px);
        var pty = new FeatureMap(8, 4, 16);
        Resampling.AveragePoolBackward(y, pty);
        Assert.Equal(Dot(px, y), Dot(x, pty), 4);

        var uy = new FeatureMap(8, 4, 16);
        Resampling.Upsample(y, uy);
        var utx = new FeatureMap(4, 2, 16);
        Resampling.UpsampleBackward(x, utx);
        Assert.Equal(Dot(uy, x), Dot(y, utx), 4);
    }

    [Fact]
    public void OddSizesAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Resampling.AveragePool(new FeatureMap(5, 4, 1), new FeatureMap(2, 2, 1)));
        Assert.Contains("twice", e.Message);
    }
}
