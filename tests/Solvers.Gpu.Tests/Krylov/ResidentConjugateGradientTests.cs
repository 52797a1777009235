using Solvers.Gpu.Solving;
using Solvers.Linear.Generators;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Gpu.Tests.Krylov;

[Collection("simulator")]
public class ResidentConjugateGradientTests(SimulatorFixture fixture)
{
    // Variable conductivity so that Jacobi changes the iteration.
    private static CsrMatrix Diffusion2D(int n) => Diffusion.VariableCoefficient2D(n, (x, y) => 1 + 9 * x * y);

    private static double[] Rhs(CsrMatrix a)
    {
        var xStar = TestMatrices.Random(a.RowCount, 17);
        var b = new double[a.RowCount];
        a.Apply(xStar, b);
        return b;
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(4, false)]
    [InlineData(13, false)]
    [InlineData(1, true)]
    [InlineData(13, true)]
    public void IteratesEqualCpuCgToRounding(int iterations, bool jacobi)
    {
        var a = Diffusion2D(9);
        var b = Rhs(a);
        var options = new GpuSolverOptions { RelativeTolerance = 1e-30, AbsoluteTolerance = 1e-300, MaxIterations = iterations, ResidualCheckInterval = 5 };
        var xCpu = new double[a.RowCount];
        var cpu = ConjugateGradient.Solve(a, b, xCpu, jacobi ? new JacobiPreconditioner(a) : null, options);
        var xGpu = new double[a.RowCount];
        var gpu = GpuSolver.Solve(fixture.Device, a, b, xGpu, jacobi ? GpuPreconditioner.Jacobi : GpuPreconditioner.None, options);

        Assert.Equal(SolveStatus.MaxIterations, cpu.Status);
        Assert.Equal(cpu.Status, gpu.Result.Status);
        Assert.Equal(cpu.Iterations, gpu.Result.Iterations);
        Assert.True(TestMatrices.MaxRelativeDifference(xCpu, xGpu) <= 1e-11, $"x differs by {TestMatrices.MaxRelativeDifference(xCpu, xGpu):E2}");
        Assert.Equal(cpu.ResidualNorm, gpu.Result.ResidualNorm, 1e-9 * cpu.ResidualNorm);
    }

    [Theory]
    [InlineData(GpuPreconditioner.None, 1)]
    [InlineData(GpuPreconditioner.None, 16)]
    [InlineData(GpuPreconditioner.Jacobi, 7)]
    public void ConvergesInTheSameIterationsAsCpuCg(GpuPreconditioner preconditioner, int checkInterval)
    {
        var a = Diffusion2D(8);
        var b = Rhs(a);
        var options = new GpuSolverOptions { RelativeTolerance = 1e-10, ResidualCheckInterval = checkInterval };
        var xCpu = new double[a.RowCount];
        var cpu = ConjugateGradient.Solve(a, b, xCpu, preconditioner == GpuPreconditioner.Jacobi ? new JacobiPreconditioner(a) : null, options);
        var xGpu = new double[a.RowCount];
        var gpu = GpuSolver.Solve(fixture.Device, a, b, xGpu, preconditioner, options);

        Assert.True(cpu.Converged);
        Assert.Equal(cpu.Status, gpu.Result.Status);
        Assert.Equal(cpu.Iterations, gpu.Result.Iterations);
        Assert.Equal(cpu.Method, gpu.Result.Method);
        Assert.True(gpu.Result.RelativeResidual <= 1e-10);
        Assert.True(TestMatrices.MaxRelativeDifference(xCpu, xGpu) <= 1e-9);
        // Finite-precision CG amplifies rounding differences as it goes: the first residuals agree to
        // rounding, later ones to a few per cent, the last ones (near rounding level) to a small factor.
        Assert.Equal(cpu.History.Count, gpu.Result.History.Count);
        for (int i = 0; i < cpu.History.Count; i++)
        {
            double c = cpu.History[i], g = gpu.Result.History[i];
            if (i < 8) Assert.Equal(c, g, 1e-10 * c);
            else if (c >= 1e-6) Assert.Equal(c, g, 5e-2 * c);
            else Assert.InRange(g / c, 1 / 3.0, 3.0);
        }
        Assert.True(gpu.OnDevice);
        Assert.True(gpu.TransferSeconds > 0);
        Assert.Equal("scalar", gpu.SpMVKernel);
    }

    [Fact]
    public void VectorKernelGivesTheSameSolve()
    {
        var a = Poisson.TwoD(6);
        var b = Rhs(a);
        var scalar = new double[a.RowCount];
        var vector = new double[a.RowCount];
        var r1 = GpuSolver.Solve(fixture.Device, a, b, scalar, GpuPreconditioner.None, new GpuSolverOptions { SpMVKernel = GpuSpMVKernel.Scalar });
        var r2 = GpuSolver.Solve(fixture.Device, a, b, vector, GpuPreconditioner.None, new GpuSolverOptions { SpMVKernel = GpuSpMVKernel.Vector, LanesPerRow = 4 });
        Assert.True(r1.Result.Converged && r2.Result.Converged);
        Assert.Equal("vector-4", r2.SpMVKernel);
        Assert.InRange(r2.Result.Iterations, r1.Result.Iterations - 1, r1.Result.Iterations + 1);
        Assert.True(TestMatrices.MaxRelativeDifference(scalar, vector) <= 1e-7);
    }

    [Fact]
    public void MonitorSeesEveryIteration()
    {
        var a = Poisson.TwoD(5);
        var b = Rhs(a);
        var monitor = new Recorder();
        var gpu = GpuSolver.Solve(fixture.Device, a, b, new double[a.RowCount], GpuPreconditioner.None,
            new GpuSolverOptions { Monitor = monitor, ResidualCheckInterval = 3 });
        Assert.Equal(Enumerable.Range(0, gpu.Result.Iterations + 1), monitor.Iterations);
    }

    [Fact]
    public void IndefiniteMatrixIsAStatusAsOnTheCpu()
    {
        // Symmetric, positive diagonal, eigenvalues 3 and -1.
        var a = CsrMatrix.FromArrays(2, 2, [0, 2, 4], [0, 1, 0, 1], [1.0, 2.0, 2.0, 1.0]);
        double[] b = [1.0, -1.0];
        var cpu = ConjugateGradient.Solve(a, b, new double[2]);
        var gpu = GpuSolver.Solve(fixture.Device, a, b, new double[2]);
        Assert.Equal(SolveStatus.IndefiniteMatrix, cpu.Status);
        Assert.Equal(cpu.Status, gpu.Result.Status);
        Assert.Equal(cpu.Iterations, gpu.Result.Iterations);
    }

    [Fact]
    public void ZeroRightHandSideReturnsZeroAtOnce()
    {
        var a = Poisson.TwoD(5);
        var x = new double[a.RowCount];
        var gpu = GpuSolver.Solve(fixture.Device, a, new double[a.RowCount], x, GpuPreconditioner.Jacobi, new GpuSolverOptions { AbsoluteTolerance = 1e-12 });
        Assert.Equal(SolveStatus.ConvergedAbsolute, gpu.Result.Status);
        Assert.Equal(0, gpu.Result.Iterations);
        Assert.All(x, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void InitialGuessIsUsed()
    {
        var a = Poisson.TwoD(6);
        var b = Rhs(a);
        var x = new double[a.RowCount];
        ConjugateGradient.Solve(a, b, x);
        var gpu = GpuSolver.Solve(fixture.Device, a, b, x);
        Assert.Equal(0, gpu.Result.Iterations);
        Assert.True(gpu.Result.Converged);
    }

    [Fact]
    public void CallerErrorsAreArgumentExceptions()
    {
        var a = Poisson.TwoD(4);
        var e = Assert.Throws<ArgumentException>(() => GpuSolver.Solve(fixture.Device, a, new double[15], new double[16]));
        Assert.Equal("b", e.ParamName);
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() =>
            GpuSolver.Solve(fixture.Device, a, new double[16], new double[16], options: new GpuSolverOptions { ResidualCheckInterval = 0 }));
        Assert.Equal("ResidualCheckInterval", bad.ParamName);
        var nonsymmetric = CsrMatrix.FromArrays(2, 2, [0, 2, 3], [0, 1, 1], [2.0, 1.0, 2.0]);
        Assert.Throws<ArgumentException>(() => GpuSolver.Solve(fixture.Device, nonsymmetric, new double[2], new double[2]));
        Assert.Equal(0, fixture.Device.LiveBuffers);
    }

    private sealed class Recorder : IIterationMonitor
    {
        public List<int> Iterations { get; } = new();

        public void OnIteration(in IterationInfo info) => Iterations.Add(info.Iteration);
    }
}
