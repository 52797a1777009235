using Solvers.Linear.Generators.Sequences;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Stationary;
using Solvers.Linear.Tuning;

namespace Solvers.Linear.Tests.Tuning;

public class OmegaSequenceSolverTests
{
    [Fact]
    public void FixedOmegaSequenceCostsWhatTheSolverReports()
    {
        var sequence = new ShiftedLaplacianSequence(grid: 10, count: 20, seed: 3);
        var solver = new OmegaSequenceSolver(new FixedOmega(1.6), RelaxationMethod.Sor);
        long expected = 0;
        for (int t = 0; t < sequence.Count; t++)
        {
            var system = sequence.Next();
            var reference = system.InitialGuess.ToArray();
            expected += Sor.Solve(system.Matrix, system.RightHandSide, reference, 1.6).Iterations;
            var x = system.InitialGuess.ToArray();
            var step = solver.Solve(system.Matrix, system.RightHandSide, x, system.Context);
            Assert.Equal(t, step.Index);
            Assert.Equal(system.Context, step.Context);
            Assert.True(step.Result.Converged);
            Assert.True(RandomMatrices.RelativeResidual(system.Matrix, system.RightHandSide, x) <= 1e-8);
            sequence.Accept(x);
        }
        Assert.Equal(expected, solver.Record.TotalIterations);
        Assert.Equal(20, solver.Record.Count);
        Assert.Equal(expected, solver.Record.CumulativeCosts()[^1]);
        Assert.All(solver.Record.Omegas(), w => Assert.Equal(1.6, w));
    }

    [Fact]
    public void LearnersRunOnSorAndSsorPcgSequences()
    {
        var shifted = new ShiftedLaplacianSequence(grid: 10, count: 40, seed: 4);
        var (low, high) = shifted.ContextRange;
        var sor = new OmegaSequenceSolver(new ChebCb(low, high, seed: 1), RelaxationMethod.Sor);
        var young = new OmegaSequenceSolver(new YoungPolicy(), RelaxationMethod.Sor);
        for (int t = 0; t < shifted.Count; t++)
        {
            var system = shifted.Next();
            sor.Solve(system.Matrix, system.RightHandSide, system.InitialGuess.ToArray(), system.Context);
            young.Solve(system.Matrix, system.RightHandSide, system.InitialGuess.ToArray(), system.Context);
            shifted.Accept(system.InitialGuess);
        }
        Assert.Equal(0, sor.Record.NotConverged);
        Assert.All(sor.Record.Omegas(), w => Assert.Contains(w, OmegaGrid.Default));
        // Young's omega is the instance optimum for SOR; an untrained learner cannot beat it over 40 systems by much.
        Assert.True(young.Record.TotalIterations < 1.1 * sor.Record.TotalIterations);

        var heat = new HeatEquation2D(nx: 16, steps: 30);
        var pcg = new OmegaSequenceSolver(new TsallisInf(seed: 2), RelaxationMethod.SsorPcg, new SolverOptions { RelativeTolerance = 1e-8 });
        for (int t = 0; t < heat.Count; t++)
        {
            var system = heat.Next();
            var x = system.InitialGuess.ToArray();
            var step = pcg.Solve(system.Matrix, system.RightHandSide, x, system.Context);
            Assert.True(step.Result.Converged);
            heat.Accept(x);
        }
        Assert.Equal(30, pcg.Record.Count);
    }

    [Fact]
    public void SsorPcgCostIsThePcgIterationCount()
    {
        var heat = new HeatEquation2D(nx: 12, steps: 1);
        var system = heat.Next();
        var solver = new OmegaSequenceSolver(new FixedOmega(1.3), RelaxationMethod.SsorPcg);
        var step = solver.Solve(system.Matrix, system.RightHandSide, system.InitialGuess.ToArray(), system.Context);
        var x = system.InitialGuess.ToArray();
        var direct = ConjugateGradient.Solve(system.Matrix, system.RightHandSide, x, new SsorPreconditioner(system.Matrix, 1.3));
        Assert.Equal(direct.Iterations, step.Result.Iterations);
        Assert.Equal(direct.Iterations, step.Cost);
    }
}
