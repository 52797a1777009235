using MathNet.Numerics.LinearAlgebra;
using Solvers.Linear.Generators.Sequences;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Stationary;

public class SsorPcgTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(1.9)]
    public void SsorPcgResidualIsSmallWhenRecomputedIndependently(double omega)
    {
        // A heat-equation system (the sequence SSOR-PCG is tuned on); the residual is recomputed densely with Math.NET.
        var heat = new HeatEquation2D(nx: 20, steps: 760);
        SequenceInstanceSkip(heat, 745); // t = 0.745: the strong regime, kappa near 10
        var system = heat.Next();
        var x = system.InitialGuess.ToArray();
        var result = ConjugateGradient.Solve(system.Matrix, system.RightHandSide, x, new SsorPreconditioner(system.Matrix, omega),
            new SolverOptions { RelativeTolerance = 1e-10 });
        Assert.True(result.Converged);
        var dense = system.Matrix.ToMathNetDense();
        var b = Vector<double>.Build.DenseOfArray(system.RightHandSide);
        double independent = (b - dense * Vector<double>.Build.DenseOfArray(x)).L2Norm() / b.L2Norm();
        Assert.True(independent <= 1e-10, $"{independent}");
        Assert.Equal(independent, result.RelativeResidual, 1e-12);
        var exact = dense.LU().Solve(b).ToArray();
        Assert.True(RandomMatrices.MaxAbsDifference(x, exact) < 1e-8);
    }

    [Fact]
    public void SsorPreconditionerIsTheSsorSplittingMatrix()
    {
        // M = (D + w L) D^-1 (D + w U) / (w (2 - w)); apply M^-1 to r and compare with a dense solve.
        var a = RandomMatrices.Spd(40, 3, 9);
        double omega = 1.3;
        var dense = a.ToMathNetDense();
        var d = Matrix<double>.Build.DiagonalOfDiagonalArray(a.Diagonal());
        var lower = dense.StrictlyLowerTriangle();
        var upper = dense.StrictlyUpperTriangle();
        var m = (d + omega * lower) * d.Inverse() * (d + omega * upper) / (omega * (2 - omega));
        var r = RandomMatrices.Vector(40, 10);
        var z = new double[40];
        new SsorPreconditioner(a, omega).Apply(r, z);
        Assert.True(RandomMatrices.MaxAbsDifference(z, m.Solve(Vector<double>.Build.DenseOfArray(r)).ToArray()) < 1e-12);
    }

    private static void SequenceInstanceSkip(HeatEquation2D heat, int steps)
    {
        for (int t = 0; t < steps; t++)
        {
            var s = heat.Next();
            var x = s.InitialGuess.ToArray();
            ConjugateGradient.Solve(s.Matrix, s.RightHandSide, x, new IncompleteCholesky(s.Matrix), new SolverOptions { RelativeTolerance = 1e-10, CheckInput = false });
            heat.Accept(x);
        }
    }
}
