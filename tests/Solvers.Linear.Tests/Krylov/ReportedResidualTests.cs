using Solvers.Linear.Generators;
using Solvers.Linear.Kernels;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Krylov;

/// <summary>
/// A converged solve reports the residual it computed when confirming convergence instead of recomputing it;
/// the number must still be exactly ||b - A x|| of the returned x.
/// </summary>
public class ReportedResidualTests
{
    private static double TrueResidual(CsrMatrix a, double[] b, double[] x)
    {
        var r = new double[b.Length];
        a.Apply(x, r);
        Blas1.Subtract(b, r, r);
        return Blas1.Norm2(r);
    }

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "gr_30_30.mtx", "cg", "none" },
        { "gr_30_30.mtx", "cg", "ic0" },
        { "crystm01.mtx", "cg", "ic0" },
        { "1138_bus.mtx", "cg", "jacobi" },
        { "sherman5.mtx", "gmres", "ilu0" },
        { "sherman5.mtx", "bicgstab", "ilu0" },
        { "hor_131.mtx", "gmres", "jacobi" },
        { "hor_131.mtx", "bicgstab", "jacobi" },
        { "gr_30_30.mtx", "bicgstab", "none" },
        { "gr_30_30.mtx", "gmres", "none" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConvergedSolvesReportExactlyTheTrueResidualOfX(string file, string method, string precond)
    {
        var a = TestData.Matrix(file);
        var ones = new double[a.RowCount];
        Array.Fill(ones, 1.0);
        var b = new double[a.RowCount];
        a.Apply(ones, b);
        var x = new double[a.RowCount];
        var kind = IterativeSolver.Parse(method);
        var options = new SolverOptions { MaxIterations = 20000 };
        var result = IterativeSolver.Solve(kind, a, b, x, Preconditioner.Create(Preconditioner.Parse(precond), a), options);
        Assert.True(result.Converged, result.Message);
        Assert.Equal(TrueResidual(a, b, x), result.ResidualNorm);
        Assert.Equal(result.ResidualNorm / Blas1.Norm2(b), result.RelativeResidual);
    }

    [Fact]
    public void AConvergedInitialGuessReportsItsTrueResidual()
    {
        var a = Poisson.TwoD(8);
        var b = RandomMatrices.Vector(a.RowCount, 3);
        foreach (var kind in new[] { IterativeMethod.ConjugateGradient, IterativeMethod.Gmres, IterativeMethod.BiCgStab })
        {
            var x = RandomMatrices.DenseSolve(a, b);
            var result = IterativeSolver.Solve(kind, a, b, x, null, new SolverOptions { RelativeTolerance = 1e-6 });
            Assert.Equal(0, result.Iterations);
            Assert.True(result.Converged);
            Assert.Equal(TrueResidual(a, b, x), result.ResidualNorm);
        }
    }

    [Fact]
    public void AnUnconvergedSolveStillRecomputesTheResidualOfTheReturnedIterate()
    {
        var a = TestData.Matrix("1138_bus.mtx");
        var b = RandomMatrices.Vector(a.RowCount, 5);
        foreach (var kind in new[] { IterativeMethod.ConjugateGradient, IterativeMethod.Gmres, IterativeMethod.BiCgStab })
        {
            var x = new double[a.RowCount];
            var result = IterativeSolver.Solve(kind, a, b, x, null, new SolverOptions { MaxIterations = 15 });
            Assert.False(result.Converged);
            Assert.Equal(TrueResidual(a, b, x), result.ResidualNorm);
        }
    }
}
