using Solvers.Linear.Generators;
using Solvers.Linear.Generators.Sequences;
using Solvers.Linear.Solving;
using Solvers.Linear.Stationary;
using Solvers.Linear.Tuning;

namespace Solvers.Linear.Tests.Stationary;

public class YoungOmegaTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(31)]
    public void JacobiRadiusOfThePoissonProblemIsCosPiH(int g)
    {
        // The Jacobi matrix of the 5-point Laplacian has eigenvalues (cos(i pi h) + cos(j pi h)) / 2: +-cos(pi h) at the ends.
        var estimate = YoungOmega.Estimate(Poisson.TwoD(g));
        double beta = Math.Cos(Math.PI / (g + 1));
        Assert.True(estimate.Converged);
        Assert.Equal(beta, estimate.JacobiRadius, 1e-9);
        Assert.Equal(2 / (1 + Math.Sin(Math.PI / (g + 1))), estimate.Omega, 1e-7);
    }

    [Fact]
    public void JacobiRadiusOfAShiftedLaplacianScalesWithTheDiagonal()
    {
        var sequence = new ShiftedLaplacianSequence(grid: 10, count: 3, seed: 1);
        for (int t = 0; t < 3; t++)
        {
            var system = sequence.Next();
            double expected = 4 * Math.Cos(Math.PI / 11) / (4 + system.Context);
            Assert.Equal(expected, YoungOmega.Estimate(system.Matrix).JacobiRadius, 1e-9);
        }
    }

    [Fact]
    public void YoungsOmegaIsTheGridMinimiserOfSorIterations()
    {
        // The model problem of Learning to Relax (10 x 10 Laplacian); the grid is the paper's (spacing 0.05).
        var a = Poisson.TwoD(10);
        var b = RandomMatrices.Vector(100, 11);
        var grid = OmegaGrid.Default;
        var iterations = grid.Select(omega => Sor.Solve(a, b, new double[100], omega, new SolverOptions { RecordHistory = false }).Iterations).ToArray();
        int best = Array.IndexOf(iterations, iterations.Min());
        double young = YoungOmega.Estimate(a).Omega;
        double spacing = grid[1] - grid[0];
        Assert.InRange(young, grid[best] - spacing, grid[best] + spacing);
        // And Young's omega itself does at least as well as the best grid point, up to the grid's resolution.
        int atYoung = Sor.Solve(a, b, new double[100], young).Iterations;
        Assert.True(atYoung <= iterations.Min() * 1.1, $"Young {atYoung} vs grid best {iterations.Min()}");
    }

    [Fact]
    public void FormulaRejectsRadiiOutsideTheUnitInterval()
    {
        Assert.Equal(1.0, YoungOmega.FromJacobiRadius(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => YoungOmega.FromJacobiRadius(1.0));
        Assert.Throws<ArgumentException>(() => YoungOmega.Estimate(RandomMatrices.Nonsymmetric(20, 3, 1)));
    }
}
