using Solvers.Linear.Generators;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Krylov;

public class GcroDrTests
{
    /// <summary>Convection-diffusion: nonsymmetric, slow for restarted GMRES, so deflation has something to do.</summary>
    [Fact]
    public void WithoutRecyclingItIsGmresIterationForIteration()
    {
        var a = RandomMatrices.ConvectionDiffusion(20, 0.3);
        var b = RandomMatrices.Vector(400, 1);
        var x1 = new double[400];
        var x2 = new double[400];
        var gmres = Gmres.Solve(a, b, x1, null, new GmresOptions { Restart = 15, RelativeTolerance = 1e-9 });
        var gcro = new GcroDr(m: 15, k: 0).Solve(a, b, x2, null, new SolverOptions { RelativeTolerance = 1e-9 });
        Assert.True(gmres.Converged);
        Assert.True(gcro.Converged);
        Assert.Equal(gmres.Iterations, gcro.Iterations);
        // Iteration for iteration: the same residual after every Arnoldi step, across restarts, not only the
        // same count at the end (both minimise over the same Krylov space from the same start).
        Assert.Equal(gmres.History.Count, gcro.History.Count);
        for (int i = 0; i < gmres.History.Count; i++)
        {
            double g = gmres.History[i], c = gcro.History[i];
            Assert.True(Math.Abs(g - c) <= 1e-6 * g + 1e-13, $"iteration {i}: GMRES {g:G6}, GCRO-DR(k = 0) {c:G6}");
        }
        Assert.True(RandomMatrices.MaxAbsDifference(x1, x2) < 1e-7);
    }

    [Theory]
    [InlineData(PreconditionerKind.None)]
    [InlineData(PreconditionerKind.Jacobi)]
    [InlineData(PreconditionerKind.Ilu0)]
    public void SolutionMatchesDenseLu(PreconditionerKind kind)
    {
        var a = RandomMatrices.ConvectionDiffusion(15, 0.4);
        var b = RandomMatrices.Vector(225, 2);
        var x = new double[225];
        var solver = new GcroDr(m: 20, k: 6);
        var result = solver.Solve(a, b, x, Preconditioner.Create(kind, a), new SolverOptions { RelativeTolerance = 1e-11 });
        Assert.True(result.Converged, $"{result.Status}: {result.Message}");
        Assert.True(RandomMatrices.RelativeResidual(a, b, x) <= 1e-11);
        Assert.True(RandomMatrices.MaxAbsDifference(x, RandomMatrices.DenseSolve(a, b)) < 1e-8);
        Assert.InRange(solver.RecycleDimension, 1, 6);
    }

    [Fact]
    public void RecyclingCutsIterationsOnRepeatedMatrix()
    {
        var a = RandomMatrices.ConvectionDiffusion(30, 0.2);
        var options = new SolverOptions { RelativeTolerance = 1e-8, MaxIterations = 50_000 };
        var solver = new GcroDr(m: 30, k: 10);
        int gmresTotal = 0, gcroTotal = 0;
        for (int t = 0; t < 6; t++)
        {
            var b = RandomMatrices.Vector(900, 10 + t);
            var x = new double[900];
            var g = Gmres.Solve(a, b, new double[900], null, new GmresOptions { Restart = 30, RelativeTolerance = 1e-8, MaxIterations = 50_000 });
            var r = solver.Solve(a, b, x, null, options, operatorUnchanged: t > 0);
            Assert.True(r.Converged);
            Assert.True(RandomMatrices.RelativeResidual(a, b, x) <= 1e-8);
            gmresTotal += g.Iterations;
            if (t > 0) gcroTotal += r.Iterations;
            else gmresTotal -= g.Iterations;
        }
        // Systems 2..6: recycling must save at least a third of GMRES(30)'s iterations.
        Assert.True(gcroTotal < 0.67 * gmresTotal, $"GCRO-DR {gcroTotal} vs GMRES {gmresTotal}");
    }

    [Fact]
    public void RecycleSpaceCarriesAcrossChangingMatrices()
    {
        var solver = new GcroDr(m: 30, k: 10);
        for (int t = 0; t < 4; t++)
        {
            var a = RandomMatrices.ConvectionDiffusion(25, 0.1 + 0.02 * t);
            var b = RandomMatrices.Vector(625, 20 + t);
            var x = new double[625];
            var r = solver.Solve(a, b, x, new JacobiPreconditioner(a), new SolverOptions { RelativeTolerance = 1e-9 });
            Assert.True(r.Converged);
            Assert.True(RandomMatrices.RelativeResidual(a, b, x) <= 1e-9);
        }
        Assert.Equal(10, solver.RecycleDimension);
    }

    [Theory]
    [InlineData(PreconditionerKind.None)]
    [InlineData(PreconditionerKind.Ilu0)]
    public void RecycleSpaceStaysOrthonormalOverManyCyclesWithoutRebuilds(PreconditionerKind kind)
    {
        // Same operator for every right-hand side: C is never rebuilt from U, so only the per-cycle update keeps
        // C^T C = I and A M^-1 U = C; dozens of cycles must not let either drift.
        var a = RandomMatrices.ConvectionDiffusion(30, 0.2);
        var m = Preconditioner.Create(kind, a);
        var solver = new GcroDr(m: 12, k: 6);
        int cycles = 0;
        for (int t = 0; t < 6; t++)
        {
            var b = RandomMatrices.Vector(900, 300 + t);
            var x = new double[900];
            var result = solver.Solve(a, b, x, m, new SolverOptions { RelativeTolerance = 1e-10, MaxIterations = 5000 }, operatorUnchanged: t > 0);
            Assert.True(result.Converged, $"{result.Status}: {result.Message}");
            Assert.True(RandomMatrices.RelativeResidual(a, b, x) <= 1e-10);
            cycles += (result.Iterations + 5) / 6;
        }
        Assert.True(cycles >= 20, $"only {cycles} cycles; the test needs many updates");
        var (orthogonality, relation) = solver.RecycleDefects(a, m);
        Assert.True(orthogonality < 1e-10, $"|C^T C - I| = {orthogonality:E2}");
        Assert.True(relation < 1e-8, $"|A M^-1 U - C| = {relation:E2}");
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GcroDr(m: 10, k: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GcroDr(m: 0, k: 0));
        var a = Poisson.TwoD(4);
        Assert.Throws<ArgumentException>(() => new GcroDr().Solve(a, new double[15], new double[16]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void SingularSystemEndsWithABreakdownStatusNotAnException(int k)
    {
        // A = diag(7, 2, 0), b = ones: the search space becomes invariant with the residual stuck at (0, 0, 1), and the
        // small harmonic Ritz problems of the deflation update are singular. GCRO-DR must report that, not throw or
        // run to MaxIterations.
        var a = CsrMatrix.FromArrays(3, 3, [0, 1, 2, 2], [0, 1], [7.0, 2.0]);
        var x = new double[3];
        var result = new GcroDr(m: 3, k: k).Solve(a, [1.0, 1.0, 1.0], x, null, new SolverOptions { MaxIterations = 10_000 });
        Assert.Equal(SolveStatus.Breakdown, result.Status);
        Assert.Contains("became invariant", result.Message);
        Assert.True(result.Iterations <= 12, $"{result.Iterations} iterations");
        Assert.Equal(1.0 / 7, x[0], 12);
        Assert.Equal(0.5, x[1], 12);
        Assert.Equal(1 / Math.Sqrt(3), result.RelativeResidual, 12);
        Assert.Equal(result.RelativeResidual, RandomMatrices.RelativeResidual(a, [1.0, 1.0, 1.0], x), 12);
    }
}
