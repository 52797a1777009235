using Solvers.Transport.Problems;
using Solvers.Transport.Sinkhorn;

namespace Solvers.Transport.Tests.Sinkhorn;

public class SinkhornNewtonSparseTests
{
    [Fact]
    public void RandomAssignmentNeedsFarFewerIterationsThanSinkhorn()
    {
        // The paper's first experiment (eta = 1200) at n = 200: Sinkhorn needs millions of iterations here.
        var problem = TestProblems.RandomAssignment(200, 1);
        const double reg = 1.0 / 1200;
        var sns = SinkhornNewtonSparse.Solve(problem, reg, new SnsOptions { Tolerance = 1e-10 });
        Assert.Equal(TransportStatus.Converged, sns.Status);
        Assert.True(sns.Iterations <= 50, $"SNS took {sns.Iterations} iterations");
        Assert.Equal(20, sns.SinkhornIterations);
        Assert.True(sns.NewtonSteps >= 1 && sns.CgIterations >= sns.NewtonSteps);
        var sinkhorn = LogSinkhorn.Solve(problem, reg, new SinkhornOptions { Tolerance = 1e-10, MaxIterations = 10 * (int)sns.Iterations });
        Assert.Equal(TransportStatus.MaxIterations, sinkhorn.Status);
        Assert.True(sinkhorn.MarginalError > 1e3 * sns.MarginalError);
    }

    [Theory]
    [InlineData(HessianSparsity.DroppedMass)]
    [InlineData(HessianSparsity.Density)]
    [InlineData(HessianSparsity.PerRowColumn)]
    public void AgreesWithSinkhornOnThePlan(HessianSparsity sparsity)
    {
        var problem = TestProblems.Clouds(120, 100, 3);
        const double reg = 1e-3;
        var options = new SnsOptions { Sparsity = sparsity, EntriesPerRow = 8, Tolerance = 1e-11 };
        var sns = SinkhornNewtonSparse.Solve(problem, reg, options);
        var sinkhorn = LogSinkhorn.Solve(problem, reg, new SinkhornOptions { Tolerance = 1e-11 });
        Assert.Equal(TransportStatus.Converged, sns.Status);
        Assert.True(sns.MarginalError <= 1e-11);
        Assert.Equal(sinkhorn.Cost, sns.Cost, 9);
        Assert.Equal(sinkhorn.EntropicObjective, sns.EntropicObjective, 9);
        AssertSamePlan(sinkhorn, sns, 1e-9);
    }

    [Fact]
    public void FirstOrderConditionsHold()
    {
        var problem = TestProblems.RandomWeights(40, 30, 5);
        const double reg = 5e-3;
        var sns = SinkhornNewtonSparse.Solve(problem, reg, new SnsOptions { Tolerance = 1e-12 });
        Assert.True(sns.Converged);
        Assert.True(TestProblems.MarginalError(problem, sns.Plan!) <= 1e-12);
        for (int i = 0; i < 40; i++)
            for (int j = 0; j < 30; j++)
            {
                double expected = Math.Exp((sns.DualU[i] + sns.DualV[j] - problem.Cost[i, j]) / reg);
                Assert.True(Math.Abs(sns.Plan![i, j] - expected) <= 1e-12 * expected + 1e-300);
            }
    }

    [Fact]
    public void WithoutWarmStartTheNewtonStageStillConverges()
    {
        var problem = TestProblems.Clouds(60, 60, 12);
        var sns = SinkhornNewtonSparse.Solve(problem, 1e-2, new SnsOptions { WarmStartIterations = 0 });
        Assert.Equal(TransportStatus.Converged, sns.Status);
        Assert.Equal(sns.SinkhornIterations + sns.NewtonSteps + sns.InterleavedSinkhornIterations, sns.Iterations);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void InterleavedSinkhornGivesTheSameSolutionInFewerNewtonSteps(int problemIndex)
    {
        // Fixed seeds: a blurry 1-D histogram pair (tails of weight down to 1e-30, where Newton alone converges
        // linearly) and 2-D clouds.
        var problem = problemIndex == 0 ? TestProblems.Histogram1D(300, 21) : TestProblems.Clouds(150, 130, 23);
        const double reg = 1e-3;
        var on = SinkhornNewtonSparse.Solve(problem, reg, new SnsOptions { Tolerance = 1e-11 });
        var off = SinkhornNewtonSparse.Solve(problem, reg, new SnsOptions { Tolerance = 1e-11, InterleaveSinkhorn = false });
        var reference = LogSinkhorn.Solve(problem, reg, new SinkhornOptions { Tolerance = 1e-13 });
        Assert.Equal(TransportStatus.Converged, on.Status);
        Assert.Equal(TransportStatus.Converged, off.Status);
        Assert.Equal(0, off.InterleavedSinkhornIterations);
        Assert.True(on.InterleavedSinkhornIterations >= 1);
        Assert.Equal(on.SinkhornIterations + on.NewtonSteps + on.InterleavedSinkhornIterations, on.Iterations);
        Assert.True(on.NewtonSteps <= off.NewtonSteps, $"Newton steps: with Sinkhorn iterations {on.NewtonSteps}, without {off.NewtonSteps}");
        foreach (var sns in new[] { on, off })
        {
            Assert.True(sns.MarginalError <= 1e-11);
            Assert.True(Math.Abs(sns.Cost - reference.Cost) <= 1e-8 * reference.Cost, $"cost {sns.Cost} vs {reference.Cost}");
            AssertSamePlan(reference, sns, 1e-11);
        }
    }

    [Fact]
    public void FallsBackToSinkhornWhenNewtonStepsFail()
    {
        // A one-entry-per-row Hessian with a tiny CG budget gives poor directions; the solve must still finish.
        var problem = TestProblems.Clouds(50, 50, 13);
        var options = new SnsOptions { Sparsity = HessianSparsity.PerRowColumn, EntriesPerRow = 1, CgMaxIterations = 1, MaxIterations = 20_000 };
        var sns = SinkhornNewtonSparse.Solve(problem, 1e-3, options);
        Assert.Equal(TransportStatus.Converged, sns.Status);
        Assert.True(sns.Fallbacks + sns.NewtonSteps > 0);
    }

    [Fact]
    public void IterationLimitIsAStatus()
    {
        var problem = TestProblems.Clouds(40, 40, 2);
        var sns = SinkhornNewtonSparse.Solve(problem, 1e-3, new SnsOptions { MaxIterations = 22 });
        Assert.Equal(TransportStatus.MaxIterations, sns.Status);
        Assert.Equal(22, sns.Iterations);
    }

    private static void AssertSamePlan(TransportResult expected, TransportResult actual, double tolerance)
    {
        var p = expected.Plan!.DenseValues;
        var q = actual.Plan!.DenseValues;
        double max = 0;
        for (int k = 0; k < p.Length; k++) max = Math.Max(max, Math.Abs(p[k] - q[k]));
        Assert.True(max <= tolerance, $"max |P_sinkhorn - P_sns| = {max:E2}");
    }
}
