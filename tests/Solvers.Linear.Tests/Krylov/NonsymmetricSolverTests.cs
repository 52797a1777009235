using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Krylov;

public class NonsymmetricSolverTests
{
    public static TheoryData<IterativeMethod, PreconditionerKind> Cases()
    {
        var data = new TheoryData<IterativeMethod, PreconditionerKind>();
        foreach (var method in new[] { IterativeMethod.Gmres, IterativeMethod.BiCgStab })
            foreach (var kind in new[] { PreconditionerKind.None, PreconditionerKind.Jacobi, PreconditionerKind.Ilu0, PreconditionerKind.Ssor })
                data.Add(method, kind);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RandomNonsymmetricMatchesDenseLu(IterativeMethod method, PreconditionerKind kind)
    {
        var a = RandomMatrices.Nonsymmetric(250, 6, 31);
        var b = RandomMatrices.Vector(250, 32);
        var x = new double[250];
        var result = IterativeSolver.Solve(method, a, b, x, Preconditioner.Create(kind, a), new SolverOptions { RelativeTolerance = 1e-11 });
        Assert.True(result.Converged, $"{result.Status}: {result.Message}");
        Assert.True(RandomMatrices.RelativeResidual(a, b, x) <= 1e-11);
        Assert.True(RandomMatrices.MaxAbsDifference(x, RandomMatrices.DenseSolve(a, b)) < 1e-8);
    }

    [Fact]
    public void GmresWithFullRestartTerminatesWithinN()
    {
        // Without restarts GMRES is exact after at most n steps (here a 40 x 40 matrix that is far from normal).
        var a = RandomMatrices.Sparse(40, 8, 5, i => 0.5, symmetric: false);
        var b = RandomMatrices.Vector(40, 6);
        var x = new double[40];
        var result = Gmres.Solve(a, b, x, null, new GmresOptions { Restart = 40, RelativeTolerance = 1e-10 });
        Assert.True(result.Converged);
        Assert.True(result.Iterations <= 40);
        Assert.True(RandomMatrices.MaxAbsDifference(x, RandomMatrices.DenseSolve(a, b)) < 1e-7);
    }

    [Fact]
    public void GmresResidualHistoryNeverIncreases()
    {
        var a = RandomMatrices.Nonsymmetric(200, 5, 8);
        var result = Gmres.Solve(a, RandomMatrices.Vector(200, 9), new double[200], null, new GmresOptions { Restart = 5 });
        for (int i = 1; i < result.History.Count; i++)
            Assert.True(result.History[i] <= result.History[i - 1] * (1 + 1e-10));
    }

    [Fact]
    public void BiCgStabBreakdownIsAStatus()
    {
        // A = [[0, 1], [1, 0]], b = e1: the shadow residual is orthogonal to A r0, so rho/(r^ . A p) breaks down.
        var a = CsrMatrix.FromArrays(2, 2, [0, 1, 2], [1, 0], [1.0, 1.0]);
        var x = new double[2];
        var result = BiCgStab.Solve(a, [1.0, 0.0], x);
        Assert.Equal(SolveStatus.Breakdown, result.Status);
        Assert.False(result.Converged);
        Assert.NotNull(result.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(30)]
    public void GmresStopsWhenASingularMatrixLeavesNoProgress(int restart)
    {
        // A = diag(d, 0) with b = ones: the Krylov space {b, A b} is invariant and holds no better iterate than the
        // least-squares one, whose residual is the second component of b. Restarting would repeat the same cycle.
        var a = CsrMatrix.FromArrays(3, 3, [0, 1, 2, 2], [0, 1], [7.0, 2.0]);
        var x = new double[3];
        var result = Gmres.Solve(a, [1.0, 1.0, 1.0], x, null, new GmresOptions { Restart = restart, MaxIterations = 10_000 });
        Assert.Equal(SolveStatus.Breakdown, result.Status);
        Assert.False(result.Converged);
        Assert.Contains("singular", result.Message);
        Assert.True(result.Iterations <= 2 * Math.Min(restart, 3), $"{result.Iterations} iterations");
        // The least-squares solution on the reachable part: x = (1/7, 1/2, 0), residual (0, 0, 1).
        Assert.Equal(1.0 / 7, x[0], 12);
        Assert.Equal(0.5, x[1], 12);
        Assert.Equal(1 / Math.Sqrt(3), result.RelativeResidual, 12);
    }

    [Fact]
    public void GmresDoesNotBreakDownOnTheSameSystem()
    {
        var a = CsrMatrix.FromArrays(2, 2, [0, 1, 2], [1, 0], [1.0, 1.0]);
        var x = new double[2];
        var result = Gmres.Solve(a, [1.0, 0.0], x);
        Assert.True(result.Converged);
        Assert.Equal(0.0, x[0], 12);
        Assert.Equal(1.0, x[1], 12);
    }

    [Fact]
    public void NonConvergenceReturnsStatusAndHistory()
    {
        var a = Linear.Generators.Poisson.TwoD(30);
        var b = Enumerable.Repeat(1.0, 900).ToArray();
        var result = Gmres.Solve(a, b, new double[900], null, new GmresOptions { Restart = 3, MaxIterations = 12 });
        Assert.Equal(SolveStatus.MaxIterations, result.Status);
        Assert.Equal(13, result.History.Count);
        result = BiCgStab.Solve(a, b, new double[900], null, new SolverOptions { MaxIterations = 4 });
        Assert.Equal(SolveStatus.MaxIterations, result.Status);
    }
}
