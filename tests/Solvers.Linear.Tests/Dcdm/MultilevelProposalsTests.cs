using Solvers.Linear.Dcdm;
using Solvers.Linear.Generators.Fluid;

namespace Solvers.Linear.Tests.Dcdm;

public class MultilevelProposalsTests
{
    [Fact]
    public void CoarseLevelsStopAtTwoCellsASide()
    {
        var system = FluidPressureSystem.Build(FluidDomain.Rectangles(20, seed: 5));
        var layout = new GridLayout(20, 20, system.CellOfUnknown);
        var proposals = new MultilevelProposals(ShippedModel.Model.Network, layout, coarseLevels: 9, threads: 1);
        // 20 -> 10 -> 5 -> 3 -> 2 cells a side; a 1-cell grid is not made.
        Assert.Equal(5, proposals.Count);
        var r = system.RandomRhs(3);
        double norm = Math.Sqrt(r.Sum(v => v * v));
        for (int level = 0; level < proposals.Count; level++)
        {
            var q = new double[r.Length];
            proposals.Propose(level, r, norm, q);
            Assert.All(q, v => Assert.True(double.IsFinite(v)));
            Assert.Contains(q, v => v != 0);
        }
    }

    [Fact]
    public void ProlongationHasTheBilinearWeightsInsideAndKeepsConstantsNextToSolids()
    {
        // 3 x 3 coarse grid, values v(y, x) = 10 y + x: bilinear interpolation reproduces a linear field exactly inside.
        var coarse = new double[9];
        for (int y = 0; y < 3; y++)
            for (int x = 0; x < 3; x++) coarse[y * 3 + x] = 10 * y + x;
        var all = Enumerable.Repeat(true, 9).ToArray();
        var fine = MaskedProlongation.Prolong(coarse, all, 3, 3, 6, 6);
        // Fine cell (3, 2) sits at coarse coordinates (1.25, 0.75): 9/16 v(1,1) + 3/16 v(2,1) + 3/16 v(1,0) + 1/16 v(2,0).
        double expected = (9 * 11 + 3 * 21 + 3 * 10 + 1 * 20) / 16.0;
        Assert.Equal(expected, fine[3 * 6 + 2], 12);
        Assert.Equal(10 * 1.25 + 0.75, fine[3 * 6 + 2], 12);

        // A constant field with a solid coarse cell stays constant everywhere (the weights are renormalised).
        var constant = Enumerable.Repeat(2.5, 9).ToArray();
        var mask = (bool[])all.Clone();
        mask[4] = false;
        constant[4] = 1e6; // must be ignored
        Assert.All(MaskedProlongation.Prolong(constant, mask, 3, 3, 5, 5), v => Assert.Equal(2.5, v, 12));
    }
}
