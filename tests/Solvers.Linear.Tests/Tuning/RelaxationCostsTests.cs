using Solvers.Linear.Generators.Sequences;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Stationary;
using Solvers.Linear.Tuning;

namespace Solvers.Linear.Tests.Tuning;

public class RelaxationCostsTests
{
    [Theory]
    [InlineData(RelaxationMethod.Sor)]
    [InlineData(RelaxationMethod.Ssor)]
    [InlineData(RelaxationMethod.SsorPcg)]
    public void GridCostsAreTheIterationsOfSeparateSolvesFromTheSameGuess(RelaxationMethod method)
    {
        var system = new ShiftedLaplacianSequence(grid: 8, count: 1, seed: 5).Next();
        var grid = OmegaGrid.Linspace(1.0, 1.9, 4);
        var guess = new double[system.Matrix.RowCount];
        for (int i = 0; i < guess.Length; i++) guess[i] = Math.Sin(i);
        var before = guess.ToArray();

        var costs = RelaxationCosts.OnGrid(method, system.Matrix, system.RightHandSide, guess, grid);

        Assert.Equal(before, guess);   // the caller's guess is left as it was
        for (int arm = 0; arm < grid.Count; arm++)
        {
            // Independent: each solver called directly, not through RelaxationCosts.
            var x = before.ToArray();
            int expected = method switch
            {
                RelaxationMethod.Sor => Sor.Solve(system.Matrix, system.RightHandSide, x, grid[arm]).Iterations,
                RelaxationMethod.Ssor => Ssor.Solve(system.Matrix, system.RightHandSide, x, grid[arm]).Iterations,
                _ => ConjugateGradient.Solve(system.Matrix, system.RightHandSide, x, new SsorPreconditioner(system.Matrix, grid[arm])).Iterations,
            };
            Assert.Equal(expected, costs[arm]);
            Assert.True(expected > 0);
        }
    }

    [Fact]
    public void SolveRejectsAnUnknownMethod()
    {
        var system = new ShiftedLaplacianSequence(grid: 4, count: 1, seed: 1).Next();
        var x = new double[system.Matrix.RowCount];
        Assert.Throws<ArgumentOutOfRangeException>(() => RelaxationCosts.Solve((RelaxationMethod)42, system.Matrix, system.RightHandSide, x, 1.5));
    }
}
