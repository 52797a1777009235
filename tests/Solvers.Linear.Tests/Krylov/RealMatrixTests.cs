using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;

namespace Solvers.Linear.Tests.Krylov;

/// <summary>Every real matrix of tests/data solved to 1e-8, with the residual recomputed by Math.NET.</summary>
public class RealMatrixTests
{
    [Theory]
    [InlineData("1138_bus.mtx", PreconditionerKind.Ic0)]
    [InlineData("gr_30_30.mtx", PreconditionerKind.Ic0)]
    [InlineData("crystm01.mtx", PreconditionerKind.Ic0)]
    [InlineData("bcsstk25.mtx", PreconditionerKind.Ic0)]
    [InlineData("1138_bus.mtx", PreconditionerKind.Jacobi)]
    [InlineData("gr_30_30.mtx", PreconditionerKind.None)]
    [InlineData("crystm01.mtx", PreconditionerKind.Jacobi)]
    public void SpdMatricesConvergeWithCg(string file, PreconditionerKind kind)
    {
        var a = TestData.Matrix(file);
        var b = RandomMatrices.Vector(a.RowCount, 77);
        var x = new double[a.RowCount];
        var result = ConjugateGradient.Solve(a, b, x, Preconditioner.Create(kind, a), new SolverOptions { MaxIterations = 20_000 });
        Assert.True(result.Converged, $"{file} {kind}: {result.Status} after {result.Iterations}: {result.Message}");
        Assert.True(RandomMatrices.RelativeResidual(a, b, x) <= 1e-8);
    }

    [Theory]
    [InlineData("sherman5.mtx", IterativeMethod.Gmres, PreconditionerKind.Ilu0)]
    [InlineData("sherman5.mtx", IterativeMethod.BiCgStab, PreconditionerKind.Ilu0)]
    [InlineData("hor_131.mtx", IterativeMethod.Gmres, PreconditionerKind.Ilu0)]
    [InlineData("hor_131.mtx", IterativeMethod.BiCgStab, PreconditionerKind.Ilu0)]
    public void NonsymmetricMatricesConverge(string file, IterativeMethod method, PreconditionerKind kind)
    {
        var a = TestData.Matrix(file);
        var b = RandomMatrices.Vector(a.RowCount, 78);
        var x = new double[a.RowCount];
        var result = IterativeSolver.Solve(method, a, b, x, Preconditioner.Create(kind, a), new SolverOptions { MaxIterations = 20_000 });
        Assert.True(result.Converged, $"{file} {method} {kind}: {result.Status} after {result.Iterations}: {result.Message}");
        Assert.True(RandomMatrices.RelativeResidual(a, b, x) <= 1e-8);
    }
}
