using MathNet.Numerics.LinearAlgebra;
using Solvers.Linear.Generators;
using Solvers.Linear.Kernels;
using Solvers.Linear.Solving;
using Solvers.Linear.Stationary;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Stationary;

public class SorTests
{
    [Theory]
    [InlineData(0.7)]
    [InlineData(1.0)]
    [InlineData(1.3)]
    [InlineData(1.6)]
    [InlineData(1.9)]
    public void SorConvergesToTheDenseLuSolution(double omega)
    {
        var a = RandomMatrices.Spd(200, 5, 41);
        var b = RandomMatrices.Vector(200, 42);
        var x = new double[200];
        var result = Sor.Solve(a, b, x, omega, new SolverOptions { RelativeTolerance = 1e-12 });
        Assert.Equal(SolveStatus.ConvergedRelative, result.Status);
        Assert.True(RandomMatrices.MaxAbsDifference(x, RandomMatrices.DenseSolve(a, b)) < 1e-10);
        Assert.True(RandomMatrices.RelativeResidual(a, b, x) <= 1e-12);
        Assert.Equal(result.Iterations + 1, result.History.Count);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(1.9)]
    public void SorOnThePoissonProblemMatchesDenseLu(double omega)
    {
        var a = Poisson.TwoD(12);
        var b = RandomMatrices.Vector(144, 7);
        var x = new double[144];
        var result = Sor.Solve(a, b, x, omega, new SolverOptions { RelativeTolerance = 1e-11 });
        Assert.True(result.Converged);
        Assert.True(RandomMatrices.MaxAbsDifference(x, RandomMatrices.DenseSolve(a, b)) < 1e-8);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.4)]
    [InlineData(1.8)]
    public void SsorSolverConvergesToTheDenseLuSolution(double omega)
    {
        var a = RandomMatrices.Spd(150, 4, 43);
        var b = RandomMatrices.Vector(150, 44);
        var x = new double[150];
        var result = Ssor.Solve(a, b, x, omega, new SolverOptions { RelativeTolerance = 1e-12 });
        Assert.Equal(SolveStatus.ConvergedRelative, result.Status);
        Assert.True(RandomMatrices.MaxAbsDifference(x, RandomMatrices.DenseSolve(a, b)) < 1e-10);
    }

    [Fact]
    public void IterationCountIsTheFirstIterateBelowTheTolerance()
    {
        // Reference: the textbook loop x += M^-1 r, r = b - A x with a dense M = D / omega + L (Learning to Relax's sor.m).
        var a = Poisson.TwoD(8);
        int n = a.RowCount;
        var b = RandomMatrices.Vector(n, 3);
        double omega = 1.45, tol = 1e-8;
        var dense = a.ToMathNetDense();
        var m = Matrix<double>.Build.Dense(n, n, (i, j) => i == j ? dense[i, j] / omega : j < i ? dense[i, j] : 0);
        var bv = Vector<double>.Build.DenseOfArray(b);
        var xv = Vector<double>.Build.Dense(n);
        int expected = 0;
        var r = bv - dense * xv;
        while (r.L2Norm() > tol * bv.L2Norm())
        {
            xv += m.Solve(r);
            r = bv - dense * xv;
            expected++;
        }
        var x = new double[n];
        var result = Sor.Solve(a, b, x, omega, new SolverOptions { RelativeTolerance = tol });
        Assert.Equal(expected, result.Iterations);
        Assert.True(RandomMatrices.MaxAbsDifference(x, xv.ToArray()) < 1e-12);
    }

    [Fact]
    public void SweepReturnsTheResidualOfTheIterateItStartedFrom()
    {
        var a = RandomMatrices.Spd(60, 4, 5);
        var b = RandomMatrices.Vector(60, 6);
        var x = RandomMatrices.Vector(60, 7);
        var before = x.ToArray();
        var diagonal = Enumerable.Range(0, 60).Select(i => a.IndexOf(i, i)).ToArray();
        var delta = new double[60];
        double forward = Relaxation.ForwardSweep(a.RowPointers, a.ColumnIndices, a.Values, diagonal, 1.3, b, x, delta);
        double expected = RandomMatrices.RelativeResidual(a, b, before) * Blas1.Norm2(b);
        Assert.Equal(expected * expected, forward, 1e-10 * expected * expected);
        for (int i = 0; i < 60; i++) Assert.Equal(x[i] - before[i], delta[i], 1e-14);

        before = x.ToArray();
        double backward = Relaxation.BackwardSweep(a.RowPointers, a.ColumnIndices, a.Values, diagonal, 1.3, b, x, delta);
        expected = RandomMatrices.RelativeResidual(a, b, before) * Blas1.Norm2(b);
        Assert.Equal(expected * expected, backward, 1e-10 * expected * expected);
    }

    [Fact]
    public void IterationLimitReturnsTheLastTestedIterate()
    {
        var a = Poisson.TwoD(16);
        var b = Enumerable.Repeat(1.0, 256).ToArray();
        var x = new double[256];
        var result = Sor.Solve(a, b, x, 1.0, new SolverOptions { MaxIterations = 5 });
        Assert.Equal(SolveStatus.MaxIterations, result.Status);
        Assert.Equal(5, result.Iterations);
        Assert.Equal(result.History[^1], result.RelativeResidual, 1e-12);
        Assert.Equal(RandomMatrices.RelativeResidual(a, b, x), result.RelativeResidual, 1e-12);
    }

    [Fact]
    public void ZeroRightHandSideConvergesAtOnce()
    {
        var a = Poisson.TwoD(4);
        var x = new double[16];
        var result = Sor.Solve(a, new double[16], x, 1.5);
        Assert.Equal(SolveStatus.ConvergedAbsolute, result.Status);
        Assert.Equal(0, result.Iterations);
    }

    [Fact]
    public void CallerMistakesAreArgumentExceptions()
    {
        var a = Poisson.TwoD(4);
        var b = new double[16];
        Assert.Throws<ArgumentOutOfRangeException>(() => Sor.Solve(a, b, new double[16], 2.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ssor.Solve(a, b, new double[16], 0.0));
        Assert.Throws<ArgumentException>(() => Sor.Solve(a, new double[15], new double[16], 1.0));
        var zeroDiagonal = CsrMatrix.FromArrays(2, 2, [0, 1, 3], [1, 0, 1], [1.0, 1.0, 2.0]);
        var e = Assert.Throws<ArgumentException>(() => Sor.Solve(zeroDiagonal, new double[2], new double[2], 1.0));
        Assert.Contains("(0, 0)", e.Message);
    }

    [Fact]
    public void CancellationStopsTheSolve()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var a = Poisson.TwoD(10);
        var result = Sor.Solve(a, Enumerable.Repeat(1.0, 100).ToArray(), new double[100], 1.2,
            new SolverOptions { CancellationToken = cancel.Token });
        Assert.Equal(SolveStatus.Cancelled, result.Status);
    }
}
