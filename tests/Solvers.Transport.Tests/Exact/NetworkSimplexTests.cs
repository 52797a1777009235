using Solvers.Transport.Exact;
using Solvers.Transport.Problems;

namespace Solvers.Transport.Tests.Exact;

public class NetworkSimplexTests
{
    [Fact]
    public void TwoByTwoSolvedByHand()
    {
        // a = (0.6, 0.4), b = (0.3, 0.7), C = [[1, 2], [3, 1]]: with P11 = x the cost is 2.2 - 3x, x <= 0.3,
        // so P = [[0.3, 0.3], [0, 0.4]] and cost 1.3.
        var problem = OtProblem.Create([0.6, 0.4], [0.3, 0.7], CostMatrix.FromArray(new double[,] { { 1, 2 }, { 3, 1 } }));
        var result = NetworkSimplex.Solve(problem);
        Assert.Equal(TransportStatus.Optimal, result.Status);
        Assert.Equal(1.3, result.Cost, 12);
        Assert.Equal(0.3, result.Plan![0, 0], 12);
        Assert.Equal(0.3, result.Plan[0, 1], 12);
        Assert.Equal(0.0, result.Plan[1, 0], 12);
        Assert.Equal(0.4, result.Plan[1, 1], 12);
    }

    [Fact]
    public void ThreeByThreeAssignmentSolvedByHand()
    {
        // Uniform weights: the optimum is a permutation (Birkhoff). The six permutations of
        // C = [[4, 1, 3], [2, 0, 5], [3, 2, 2]] cost 6, 10, 6, 6, 9, 5 (rows -> columns (1, 0, 2) costs 1 + 2 + 2 = 5).
        var problem = OtProblem.Uniform(CostMatrix.FromArray(new double[,] { { 4, 1, 3 }, { 2, 0, 5 }, { 3, 2, 2 } }));
        var result = NetworkSimplex.Solve(problem);
        Assert.Equal(5.0 / 3, result.Cost, 12);
        Assert.Equal(1.0 / 3, result.Plan![0, 1], 12);
        Assert.Equal(1.0 / 3, result.Plan[1, 0], 12);
        Assert.Equal(1.0 / 3, result.Plan[2, 2], 12);
    }

    [Theory]
    [InlineData(3, 3, 1, false)]
    [InlineData(3, 4, 2, false)]
    [InlineData(4, 3, 3, true)]
    [InlineData(2, 5, 4, true)]
    [InlineData(4, 3, 5, false)]
    public void MatchesBruteForceLinearProgram(int n, int m, int seed, bool integerCosts)
    {
        var problem = TestProblems.RandomWeights(n, m, seed, integerCosts);
        var result = NetworkSimplex.Solve(problem);
        Assert.Equal(TransportStatus.Optimal, result.Status);
        Assert.Equal(BruteForceTransport.MinimumCost(problem), result.Cost, 12);
        Assert.True(result.MarginalError < 1e-14, $"marginal error {result.MarginalError}");
    }

    [Theory]
    [InlineData(40, 40, 11)]
    [InlineData(60, 25, 12)]
    [InlineData(25, 70, 13)]
    public void StrongDualityAndNonNegativeReducedCosts(int n, int m, int seed)
    {
        var problem = TestProblems.RandomWeights(n, m, seed);
        var result = NetworkSimplex.Solve(problem);
        double dual = 0;
        for (int i = 0; i < n; i++) dual += problem.SourceWeights[i] * result.DualU[i];
        for (int j = 0; j < m; j++) dual += problem.TargetWeights[j] * result.DualV[j];
        Assert.Equal(result.Cost, dual, 12);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                double reduced = problem.Cost[i, j] - result.DualU[i] - result.DualV[j];
                Assert.True(reduced >= -1e-12, $"reduced cost ({i}, {j}) = {reduced}");
                if (result.Plan![i, j] > 0) Assert.True(Math.Abs(reduced) < 1e-12);
            }
        Assert.True(result.Plan!.IsSparse == false);
    }

    [Fact]
    public void DegenerateProblemsTerminate()
    {
        // All costs equal (every feasible plan optimal) and integer costs with many ties.
        var flat = OtProblem.Uniform(CostMatrix.FromArray(30, 30, Enumerable.Repeat(1.0, 900).ToArray()));
        var result = NetworkSimplex.Solve(flat);
        Assert.Equal(TransportStatus.Optimal, result.Status);
        Assert.Equal(1.0, result.Cost, 12);
        var ties = TestProblems.RandomWeights(50, 50, 7, integerCosts: true);
        Assert.Equal(TransportStatus.Optimal, NetworkSimplex.Solve(ties).Status);
    }

    [Fact]
    public void PermutationProblemGivesAPermutation()
    {
        var problem = TestProblems.Clouds(200, 200, 5);
        var result = NetworkSimplex.Solve(problem, new ExactOptions { Plan = PlanFormat.Sparse });
        Assert.True(result.Plan!.IsSparse);
        Assert.Equal(200, result.Plan.Sparse!.NonZeroCount);
        Assert.True(TestProblems.MarginalError(problem, result.Plan) < 1e-13);
    }

    [Fact]
    public void ZeroWeightPointsGetEmptyRowsAndCTransformPotentials()
    {
        var cost = CostMatrix.FromArray(new double[,] { { 0, 1, 2 }, { 1, 0, 1 }, { 2, 1, 0 } });
        var problem = OtProblem.Create([0.5, 0, 0.5], [0.5, 0.5, 0], cost);
        var result = NetworkSimplex.Solve(problem);
        Assert.Equal(0.5, result.Cost, 12); // 0 -> 0 at cost 0, 2 -> 1 at cost 1
        Assert.Equal(0.0, result.Plan![1, 0] + result.Plan[1, 1] + result.Plan[1, 2]);
        Assert.Equal(0.0, result.Plan[0, 2] + result.Plan[1, 2] + result.Plan[2, 2]);
        Assert.All(result.DualU, u => Assert.True(double.IsFinite(u)));
        Assert.All(result.DualV, v => Assert.True(double.IsFinite(v)));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                Assert.True(cost[i, j] - result.DualU[i] - result.DualV[j] >= -1e-12);
    }

    [Fact]
    public void PivotLimitIsAStatus()
    {
        var problem = TestProblems.Clouds(50, 50, 3);
        var result = NetworkSimplex.Solve(problem, new ExactOptions { MaxPivots = 5 });
        Assert.Equal(TransportStatus.MaxIterations, result.Status);
        Assert.False(result.Converged);
        Assert.NotNull(result.Message);
    }

    [Fact]
    public void MatchesPotEmdStoredValue()
    {
        var reference = TestProblems.PotReference();
        var result = NetworkSimplex.Solve(TestProblems.PotProblem());
        double expected = reference.GetProperty("emd_cost").GetDouble();
        Assert.True(Math.Abs(result.Cost - expected) <= 1e-9 * expected, $"cost {result.Cost:R} vs POT {expected:R}");
    }
}
