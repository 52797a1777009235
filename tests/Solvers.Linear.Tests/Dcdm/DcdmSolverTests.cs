using MathNet.Numerics.LinearAlgebra;
using Solvers.Linear.Dcdm;
using Solvers.Linear.Generators.Fluid;
using Solvers.Linear.Krylov;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Dcdm;

public class DcdmSolverTests
{
    public static TheoryData<string, string> Problems() => new()
    {
        { "box", "random" },
        { "disc", "divergence" },
        { "rects", "divergence" },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void ConvergesToTheConjugateGradientSolutionWithTheShippedModel(string geometry, string rhs)
    {
        var system = FluidPressureSystem.Build(FluidDomain.Parse(32, geometry));
        var a = system.Matrix;
        var b = rhs == "random" ? system.RandomRhs(11) : system.DivergenceRhs(11);
        var x = new double[b.Length];
        var result = DeepConjugateDirections.Solve(a, new GridLayout(32, 32, system.CellOfUnknown), ShippedModel.Model, b, x,
            new DcdmOptions { RelativeTolerance = 1e-8, MaxIterations = 300 });
        Assert.True(result.Converged, $"{result.Status} after {result.Iterations}: {result.Message}");

        // The residual is recomputed with Math.NET's dense product, not our SpMV.
        double relative = AssertDenseResidualBelow(a, b, x, 1e-8);
        Assert.Equal(relative, result.RelativeResidual, 1e-10);

        // Same solution as CG to the accuracy both reached (A is well enough conditioned at 32 x 32 for 1e-6).
        var xcg = new double[b.Length];
        ConjugateGradient.Solve(a, b, xcg, null, new SolverOptions { RelativeTolerance = 1e-10 });
        double diff = Math.Sqrt(x.Zip(xcg, (p, q) => (p - q) * (p - q)).Sum()) / Math.Sqrt(xcg.Sum(v => v * v));
        Assert.True(diff < 1e-5, $"relative difference to CG {diff}");
    }

    /// <summary>
    /// Asserts ||b - A x|| / ||b|| &lt;= tolerance (0.1% slack) from a dense copy of A, independent of the solver's own
    /// residual bookkeeping, and returns it.
    /// </summary>
    private static double AssertDenseResidualBelow(CsrMatrix a, double[] b, double[] x, double tolerance)
    {
        var dense = Matrix<double>.Build.Dense(a.RowCount, a.ColumnCount, (i, j) => a[i, j]);
        var bv = Vector<double>.Build.DenseOfArray(b);
        double relative = (bv - dense * Vector<double>.Build.DenseOfArray(x)).L2Norm() / bv.L2Norm();
        Assert.True(relative <= tolerance * 1.001, $"relative residual {relative}");
        return relative;
    }

    /// <summary>DCDM with the shipped model on a 32 x 32 fluid2d geometry and its divergence right-hand side; asserts convergence.</summary>
    private static (CsrMatrix A, double[] B, double[] X, SolveResult Result) SolveDivergence(string geometry, int rhsSeed, DcdmOptions options)
    {
        var system = FluidPressureSystem.Build(FluidDomain.Parse(32, geometry));
        var b = system.DivergenceRhs(rhsSeed);
        var x = new double[b.Length];
        var result = DeepConjugateDirections.Solve(system.Matrix, new GridLayout(32, 32, system.CellOfUnknown), ShippedModel.Model, b, x, options);
        Assert.True(result.Converged, $"{result.Status} after {result.Iterations}: {result.Message}");
        return (system.Matrix, b, x, result);
    }

    [Theory]
    [InlineData("disc", 2, 0)]
    [InlineData("rects", 1000, 3)]
    [InlineData("box", 1000, 5)]
    public void AllDirectionsAndCoarseProposalsConvergeToAnIndependentlyCheckedResidual(string geometry, int directions, int coarse)
    {
        var (a, b, x, _) = SolveDivergence(geometry, 8,
            new DcdmOptions { RelativeTolerance = 1e-10, MaxIterations = 300, Directions = directions, CoarseLevels = coarse });
        AssertDenseResidualBelow(a, b, x, 1e-10);
    }

    [Theory]
    [InlineData("box", CoarseOrder.FineToCoarse, 1000)]
    [InlineData("disc", CoarseOrder.FineToCoarse, 1000)]
    [InlineData("box", CoarseOrder.CoarseToFine, 1000)]
    [InlineData("rects@7", CoarseOrder.CoarseToFine, 1000)]
    [InlineData("box", CoarseOrder.Symmetric, 1000)]
    [InlineData("rects", CoarseOrder.Symmetric, 2)]
    public void MultiplicativeCoarseOrdersConvergeToTheConjugateGradientSolution(string geometry, CoarseOrder order, int directions)
    {
        var (a, b, x, result) = SolveDivergence(geometry, 6,
            new DcdmOptions { RelativeTolerance = 1e-8, MaxIterations = 300, Directions = directions, CoarseLevels = 12, CoarseOrder = order });
        Assert.Contains(order.ToString(), result.Method);

        AssertDenseResidualBelow(a, b, x, 1e-8);

        var xcg = new double[b.Length];
        ConjugateGradient.Solve(a, b, xcg, null, new SolverOptions { RelativeTolerance = 1e-10 });
        double diff = Math.Sqrt(x.Zip(xcg, (p, q) => (p - q) * (p - q)).Sum()) / Math.Sqrt(xcg.Sum(v => v * v));
        Assert.True(diff < 1e-5, $"relative difference to CG {diff}");
    }

    [Fact]
    public void TheCoarseOrderIsIgnoredWithoutCoarseLevels()
    {
        // With one proposal per iteration there is nothing to order: every variant is the paper's method, step for step.
        var system = FluidPressureSystem.Build(FluidDomain.Disc(32));
        var b = system.RandomRhs(9);
        var layout = new GridLayout(32, 32, system.CellOfUnknown);
        var histories = Enum.GetValues<CoarseOrder>().Select(order =>
            DeepConjugateDirections.Solve(system.Matrix, layout, ShippedModel.Model, b, new double[b.Length],
                new DcdmOptions { RelativeTolerance = 1e-6, MaxIterations = 200, CoarseOrder = order }).History).ToList();
        Assert.All(histories, h => Assert.Equal(histories[0], h));
    }

    [Fact]
    public void AnUndefinedCoarseOrderIsRejected()
    {
        var system = FluidPressureSystem.Build(FluidDomain.Box(16));
        var b = system.RandomRhs(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => DeepConjugateDirections.Solve(system.Matrix, new GridLayout(16, 16, system.CellOfUnknown),
            ShippedModel.Model, b, new double[b.Length], new DcdmOptions { CoarseLevels = 2, CoarseOrder = (CoarseOrder)17 }));
    }

    [Fact]
    public void TheShippedModelNeedsFewerIterationsThanPlainCg()
    {
        var system = FluidPressureSystem.Build(FluidDomain.Disc(64));
        var b = system.DivergenceRhs(2);
        var x = new double[b.Length];
        var dcdm = DeepConjugateDirections.Solve(system.Matrix, new GridLayout(64, 64, system.CellOfUnknown), ShippedModel.Model, b, x,
            new DcdmOptions { RelativeTolerance = 1e-4 });
        var cg = ConjugateGradient.Solve(system.Matrix, b, new double[b.Length], null, new SolverOptions { RelativeTolerance = 1e-4 });
        Assert.True(dcdm.Converged);
        Assert.True(dcdm.Iterations * 4 < cg.Iterations, $"DCDM {dcdm.Iterations} vs CG {cg.Iterations}");
    }

    [Fact]
    public void ZeroRightHandSideGivesZeroWithoutIterating()
    {
        var system = FluidPressureSystem.Build(FluidDomain.Box(16));
        var x = new double[system.UnknownCount];
        var result = DeepConjugateDirections.Solve(system.Matrix, new GridLayout(16, 16, system.CellOfUnknown), ShippedModel.Model,
            new double[system.UnknownCount], x);
        Assert.True(result.Converged);
        Assert.Equal(0, result.Iterations);
        Assert.All(x, v => Assert.Equal(0, v));
    }

    [Fact]
    public void NonConvergenceIsAStatusWithTheHistory()
    {
        var system = FluidPressureSystem.Build(FluidDomain.Disc(32));
        var b = system.RandomRhs(4);
        var result = DeepConjugateDirections.Solve(system.Matrix, new GridLayout(32, 32, system.CellOfUnknown), ShippedModel.Model, b,
            new double[b.Length], new DcdmOptions { RelativeTolerance = 1e-12, MaxIterations = 3 });
        Assert.Equal(SolveStatus.MaxIterations, result.Status);
        Assert.Equal(4, result.History.Count);
        Assert.True(result.History[^1] < result.History[0]);
    }

    [Fact]
    public void AGridThatDoesNotMatchTheMatrixIsRejected()
    {
        var system = FluidPressureSystem.Build(FluidDomain.Disc(32));
        var b = system.RandomRhs(1);
        var e = Assert.Throws<ArgumentException>(() => DeepConjugateDirections.Solve(system.Matrix, GridLayout.Full(32, 32), ShippedModel.Model, b,
            new double[b.Length]));
        Assert.Contains("grid", e.Message);
        Assert.Contains(system.UnknownCount.ToString(), e.Message);
    }

    [Fact]
    public void GridsThatAreNotAMultipleOfThePoolingArePadded()
    {
        // 30 x 30 is padded to 32 x 32 with empty cells; the solve must still converge to the tolerance.
        var system = FluidPressureSystem.Build(FluidDomain.Rectangles(30, seed: 3));
        var b = system.DivergenceRhs(5);
        var result = DeepConjugateDirections.Solve(system.Matrix, new GridLayout(30, 30, system.CellOfUnknown), ShippedModel.Model, b,
            new double[b.Length], new DcdmOptions { RelativeTolerance = 1e-6, MaxIterations = 300 });
        Assert.True(result.Converged, result.Message);
    }
}
