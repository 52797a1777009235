using Solvers.Linear.Dcdm;
using Solvers.Linear.Generators.Fluid;

namespace Solvers.Linear.Tests.Dcdm;

public class MultilevelProposalsTests
{
    [Fact]
    public void CoarseProposalsArePiecewiseConstantOnTheirCoarseCells()
    {
        var system = FluidPressureSystem.Build(FluidDomain.Rectangles(20, seed: 5));
        var layout = new GridLayout(20, 20, system.CellOfUnknown);
        var proposals = new MultilevelProposals(ShippedModel.Model.Network, layout, coarseLevels: 9, threads: 1);
        // 20 -> 10 -> 5 -> 3 -> 2 cells a side; a 1-cell grid is not made.
        Assert.Equal(5, proposals.Count);
        var r = system.RandomRhs(3);
        double norm = Math.Sqrt(r.Sum(v => v * v));
        for (int level = 1; level < proposals.Count; level++)
        {
            var q = new double[r.Length];
            proposals.Propose(level, r, norm, q);
            var byCell = new Dictionary<(int, int), double>();
            for (int i = 0; i < q.Length; i++)
            {
                int cell = system.CellOfUnknown[i];
                var key = (cell / 20 >> level, cell % 20 >> level);
                if (byCell.TryGetValue(key, out double v)) Assert.Equal(v, q[i]);
                else byCell[key] = q[i];
            }
            Assert.Contains(byCell.Values, v => v != 0);
        }
    }
}
