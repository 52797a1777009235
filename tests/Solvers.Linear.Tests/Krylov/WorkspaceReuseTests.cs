using Solvers.Linear.Generators;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Krylov;

/// <summary>
/// Solvers and preconditioner set-ups rent their work vectors (Workspace), which then hold whatever the previous
/// user left. Poisoning the pool with NaN must change nothing: every rented entry is written before it is read.
/// </summary>
public class WorkspaceReuseTests
{
    /// <summary>Fills the pool's arrays of every size a test can ask for with NaN.</summary>
    private static void PoisonPool() => FillPool(double.NaN);

    /// <summary>Fills them with <paramref name="value"/> (zero: as if freshly allocated).</summary>
    private static void FillPool(double value)
    {
        var held = new List<double[]>();
        for (int length = 16; length <= Workspace.PooledLimit; length *= 2)
            for (int copy = 0; copy < 4; copy++)
            {
                var array = Workspace.Rent(length);
                Array.Fill(array, value);
                held.Add(array);
            }
        foreach (var array in held) Workspace.Return(array);
    }

    private static (SolveResult Result, double[] X) Solve(IterativeMethod method, CsrMatrix a, double[] b, string precond)
    {
        var x = new double[a.RowCount];
        var m = Preconditioner.Create(Preconditioner.Parse(precond), a);
        return (IterativeSolver.Solve(method, a, b, x, m, new SolverOptions { MaxIterations = 5000 }), x);
    }

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "gr_30_30.mtx", "cg", "none" },
        { "gr_30_30.mtx", "cg", "ic0" },
        { "1138_bus.mtx", "cg", "jacobi" },
        { "sherman5.mtx", "gmres", "ilu0" },
        { "sherman5.mtx", "bicgstab", "ilu0" },
        { "hor_131.mtx", "gmres", "jacobi" },
        { "gr_30_30.mtx", "gmres", "none" },
        { "gr_30_30.mtx", "bicgstab", "none" },
        { "hor_131.mtx", "bicgstab", "jacobi" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void APoisonedPoolGivesTheSameSolve(string file, string method, string precond)
    {
        var a = TestData.Matrix(file);
        var b = RandomMatrices.Vector(a.RowCount, 17);
        var kind = IterativeSolver.Parse(method);
        FillPool(0);
        var (first, x1) = Solve(kind, a, b, precond);
        Assert.True(first.Converged, first.Message);
        PoisonPool();
        var (second, x2) = Solve(kind, a, b, precond);
        Assert.Equal(first.Iterations, second.Iterations);
        Assert.Equal(first.Status, second.Status);
        Assert.Equal(first.ResidualNorm, second.ResidualNorm);
        Assert.Equal(x1, x2);
        Assert.True(second.History.All(double.IsFinite));
    }

    [Fact]
    public void APoisonedPoolGivesTheSameFactors()
    {
        var spd = Poisson.TwoD(20);
        FillPool(0);
        var before = new IncompleteCholesky(spd);
        var lu = new IncompleteLu(RandomMatrices.Nonsymmetric(300, 6, 2));
        PoisonPool();
        var after = new IncompleteCholesky(spd);
        var luAfter = new IncompleteLu(RandomMatrices.Nonsymmetric(300, 6, 2));
        Assert.Equal(before.LowerFactor.Values, after.LowerFactor.Values);
        Assert.Equal(before.UpperFactor.Values, after.UpperFactor.Values);
        Assert.Equal(before.InverseSquaredDiagonal, after.InverseSquaredDiagonal);
        Assert.Equal(lu.LowerFactor.Values, luAfter.LowerFactor.Values);
        Assert.Equal(lu.UpperFactor.Values, luAfter.UpperFactor.Values);
        Assert.Equal(lu.InverseDiagonal, luAfter.InverseDiagonal);
    }
}
