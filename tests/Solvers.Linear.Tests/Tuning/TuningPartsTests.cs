using Solvers.Linear.Tuning;

namespace Solvers.Linear.Tests.Tuning;

public class TuningPartsTests
{
    [Fact]
    public void DefaultGridIsLinspaceOneToOnePointNineFive()
    {
        var grid = OmegaGrid.Default;
        Assert.Equal(20, grid.Count);
        Assert.Equal(1.0, grid[0]);
        Assert.Equal(1.95, grid[19]);
        Assert.Equal(1.8, grid[16], 12);
        Assert.Equal(16, grid.IndexOfNearest(1.79));
        Assert.Throws<ArgumentException>(() => new OmegaGrid([1.0, 2.0]));
    }

    [Fact]
    public void PseudoInverseInvertsAndGivesMinimumNormSolutions()
    {
        double[] g = [4, 1, 0, 1, 3, 1, 0, 1, 2];
        var inverse = new double[9];
        ArmRegression.SymmetricPseudoInverse(g, inverse, 3);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double s = 0;
                for (int k = 0; k < 3; k++) s += g[i * 3 + k] * inverse[k * 3 + j];
                Assert.Equal(i == j ? 1 : 0, s, 12);
            }

        // Rank one: G = v v^T with v = (1, 2); pinv = v v^T / |v|^4.
        double[] rankOne = [1, 2, 2, 4];
        var pinv = new double[4];
        ArmRegression.SymmetricPseudoInverse(rankOne, pinv, 2);
        Assert.Equal(1 / 25.0, pinv[0], 14);
        Assert.Equal(2 / 25.0, pinv[1], 14);
        Assert.Equal(4 / 25.0, pinv[3], 14);
    }

    [Fact]
    public void BoxConstrainedFitStaysInTheBoxAndFitsExactlyInside()
    {
        // Points on y = 0.3 + 0.2 z; with loose bounds the fit is exact, with |theta_1| <= 0.1 it is clipped optimally.
        var arm = new ArmRegression(2);
        foreach (double z in new[] { -1.0, -0.5, 0.0, 0.5, 1.0 }) arm.Add([1, z], 0.3 + 0.2 * z);
        arm.Fit(1, [10, 10]);
        Assert.Equal(0.3, arm.Theta[0], 12);
        Assert.Equal(0.2, arm.Theta[1], 12);
        Assert.Equal(0, arm.Residual, 12);
        arm.Fit(1, [10, 0.1]);
        Assert.Equal(0.3, arm.Theta[0], 10); // symmetric z: the intercept decouples
        Assert.Equal(0.1, arm.Theta[1], 12);
        Assert.Equal(0.01 * 2.5, arm.Residual, 10); // sum of (0.1 z)^2
    }

    [Fact]
    public void CostTableComparatorsAndRegret()
    {
        var table = new CostTable(OmegaGrid.Linspace(1.0, 1.5, 3));
        table.Add([10, 5, 7]);
        table.Add([10, 9, 2]);
        Assert.Equal(2, table.BestFixedArm()); // totals 20, 14, 9
        Assert.Equal(7, table.InstanceOptimalTotal());
        var regret = table.CumulativeRegret([7, 2]);
        Assert.Equal(0, regret[0]);
        Assert.Equal(0, regret[1]);
        Assert.Throws<ArgumentException>(() => table.Add([1, 2]));
    }

    [Fact]
    public void ChebyshevFeaturesAreTheChebyshevPolynomials()
    {
        Span<double> phi = stackalloc double[6];
        ChebyshevFeatures.Evaluate(0.25, 0, 1, phi); // z = -0.5
        double z = -0.5;
        Assert.Equal(1, phi[0]);
        Assert.Equal(z, phi[1]);
        Assert.Equal(Math.Cos(2 * Math.Acos(z)), phi[2], 14);
        Assert.Equal(Math.Cos(5 * Math.Acos(z)), phi[5], 14);
        ChebyshevFeatures.Evaluate(7, 0, 1, phi); // clamped to z = 1
        Assert.All(phi.ToArray(), v => Assert.Equal(1, v, 14));
    }

    [Fact]
    public void GoldenSectionUsesTheGivenEvaluationsAndBracketsAUnimodalMinimum()
    {
        int calls = 0;
        var (omega, cost) = GoldenSectionOmega.Search(w => { calls++; return (w - 1.37) * (w - 1.37); });
        Assert.Equal(12, calls);
        // After 12 probes the bracket is 0.95 * 0.618^10 ~ 0.0078 wide and holds the best probe and the minimiser.
        Assert.InRange(omega, 1.37 - 0.008, 1.37 + 0.008);
        Assert.Equal((omega - 1.37) * (omega - 1.37), cost, 15);
        // A minimiser at the interval's end is approached from inside.
        var (edge, _) = GoldenSectionOmega.Search(w => -w, 1.0, 1.95, 20);
        Assert.InRange(edge, 1.95 - 1e-3, 1.95);
        Assert.Throws<ArgumentOutOfRangeException>(() => GoldenSectionOmega.Search(w => w, evaluations: 1));
        Assert.Throws<ArgumentException>(() => GoldenSectionOmega.Search(w => w, 1.5, 1.5));
    }
}
