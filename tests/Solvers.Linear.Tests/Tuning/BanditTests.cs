using Solvers.Linear.Tuning;

namespace Solvers.Linear.Tests.Tuning;

public class BanditTests
{
    /// <summary>
    /// Synthetic costs with a known best arm: arm a costs 50 + 20 |a - 13| iterations plus uniform noise in [0, 20),
    /// so arm 13 is best in expectation and in hindsight.
    /// </summary>
    private static CostTable SyntheticTable(int rounds, int seed, int bestArm = 13)
    {
        var grid = OmegaGrid.Default;
        var table = new CostTable(grid);
        var random = new Random(seed);
        var row = new double[grid.Count];
        for (int t = 0; t < rounds; t++)
        {
            for (int a = 0; a < grid.Count; a++) row[a] = 50 + 20 * Math.Abs(a - bestArm) + Math.Floor(20 * random.NextDouble());
            table.Add(row);
        }
        return table;
    }

    [Fact]
    public void TsallisInfRegretGrowsSublinearly()
    {
        int rounds = 8000;
        var table = SyntheticTable(rounds, 1);
        Assert.Equal(13, table.BestFixedArm());
        var policy = new TsallisInf(seed: 2);
        var (arms, costs) = table.Replay(policy);
        var regret = table.CumulativeRegret(costs);

        double early = regret[rounds / 8 - 1], middle = regret[rounds / 2 - 1], late = regret[rounds - 1];
        // Linear regret would multiply by 4 from T/8 to T/2 and by 2 from T/2 to T; sqrt(T) by 2 and 1.41.
        Assert.True(middle < 2.6 * early, $"R(T/8) = {early}, R(T/2) = {middle}");
        Assert.True(late < 1.5 * middle, $"R(T/2) = {middle}, R(T) = {late}");
        Assert.True(late < 0.1 * table.Total(13), $"regret {late} vs best arm total {table.Total(13)}");
        // The best arm dominates the last rounds.
        Assert.True(arms[^1000..].Count(a => a == 13) > 500);
    }

    public static TheoryData<TsallisInfEstimator> ReducedVarianceEstimators() =>
    [
        TsallisInfEstimator.ReducedVarianceMeanCost,
        TsallisInfEstimator.ReducedVarianceLeaderCost,
        TsallisInfEstimator.ReducedVarianceHalfRange,
    ];

    [Theory]
    [InlineData(TsallisInfEstimator.ImportanceWeighted)]
    [MemberData(nameof(ReducedVarianceEstimators))]
    public void TsallisInfProbabilitiesAreADistribution(TsallisInfEstimator estimator)
    {
        // With a baseline, costs below it drive the played arm's cumulative estimate negative; p must stay a distribution.
        var policy = new TsallisInf(seed: 5, estimator: estimator);
        var random = new Random(6);
        for (int t = 0; t < 2000; t++)
        {
            policy.Choose(new OmegaQuery(t, null, null));
            double sum = 0;
            foreach (double p in policy.Probabilities)
            {
                Assert.InRange(p, 0, 1);
                sum += p;
            }
            Assert.Equal(1.0, sum, 12);
            policy.Observe(1 + random.Next(100) + 10 * policy.LastArm);
        }
        Assert.Equal(2000, policy.Rounds);
    }

    [Theory]
    [MemberData(nameof(ReducedVarianceEstimators))]
    public void ReducedVarianceConcentratesOnTheBestArm(TsallisInfEstimator estimator)
    {
        int rounds = 8000;
        var table = SyntheticTable(rounds, 1);
        int best = table.BestFixedArm();
        var (arms, costs) = table.Replay(new TsallisInf(seed: 2, estimator: estimator));
        double regret = table.CumulativeRegret(costs)[^1];
        // Sampling uniformly costs each row's mean in expectation.
        double uniformRegret = 0;
        for (int t = 0; t < rounds; t++)
        {
            double mean = 0;
            for (int a = 0; a < table.Grid.Count; a++) mean += table[t, a];
            uniformRegret += mean / table.Grid.Count - table[t, best];
        }
        Assert.True(regret < 0.1 * uniformRegret, $"{estimator}: regret {regret}, uniform policy's {uniformRegret}");
        Assert.True(arms[^1000..].Count(a => a == best) > 800, $"{estimator}: best arm played {arms[^1000..].Count(a => a == best)} of the last 1000 rounds");
    }

    [Fact]
    public void TsallisInfDefaultIsThePapersImportanceWeightedLearner()
    {
        var table = SyntheticTable(3000, 4);
        var byDefault = table.Replay(new TsallisInf(seed: 3));
        var explicitly = table.Replay(new TsallisInf(seed: 3, estimator: TsallisInfEstimator.ImportanceWeighted, learningRate: 2));
        Assert.Equal(TsallisInfEstimator.ImportanceWeighted, new TsallisInf().Estimator);
        Assert.Equal(byDefault.Arms, explicitly.Arms);
        var reduced = table.Replay(new TsallisInf(seed: 3, estimator: TsallisInfEstimator.ReducedVarianceMeanCost));
        Assert.NotEqual(byDefault.Arms, reduced.Arms);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TsallisInf(learningRate: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TsallisInf(estimator: (TsallisInfEstimator)17));
    }

    [Fact]
    public void TsallisInfCbLearnsADifferentArmPerContextBin()
    {
        // Best arm 4 for contexts below 0.5 and 15 above: one fixed arm cannot be good everywhere.
        var grid = OmegaGrid.Default;
        var table = new CostTable(grid);
        var random = new Random(3);
        var contexts = new List<double>();
        var row = new double[grid.Count];
        for (int t = 0; t < 6000; t++)
        {
            double c = random.NextDouble();
            int best = c < 0.5 ? 4 : 15;
            for (int a = 0; a < grid.Count; a++) row[a] = 50 + 10 * Math.Abs(a - best) + random.Next(10);
            table.Add(row);
            contexts.Add(c);
        }
        var (_, costs) = table.Replay(new TsallisInfCb(0, 1, bins: 2, seed: 4), contexts);
        double learned = costs.Sum();
        Assert.True(learned < 0.8 * table.Total(table.BestFixedArm()), $"learned {learned}, best fixed {table.Total(table.BestFixedArm())}");
        Assert.True(learned < 1.25 * table.InstanceOptimalTotal(), $"learned {learned}, instance-optimal {table.InstanceOptimalTotal()}");
    }

    [Fact]
    public void ChebCbTracksASmoothlyMovingBestArm()
    {
        // Cost of omega at context c is quadratic around omega*(c) = 1.1 + 0.8 c: the best arm sweeps the grid.
        var grid = OmegaGrid.Default;
        var table = new CostTable(grid);
        var random = new Random(7);
        var contexts = new List<double>();
        var row = new double[grid.Count];
        int rounds = 3000;
        for (int t = 0; t < rounds; t++)
        {
            double c = random.NextDouble();
            double target = 1.1 + 0.8 * c;
            for (int a = 0; a < grid.Count; a++) row[a] = Math.Round(40 + 1500 * Math.Pow(grid[a] - target, 2) + 4 * random.NextDouble());
            table.Add(row);
            contexts.Add(c);
        }
        var (_, costs) = table.Replay(new ChebCb(0, 1, seed: 8), contexts);
        double bestFixed = table.Total(table.BestFixedArm()), optimal = table.InstanceOptimalTotal();
        Assert.True(costs.Sum() < bestFixed, $"ChebCB {costs.Sum()} vs best fixed {bestFixed}");
        // Per-round excess over the instance optimum shrinks: the last third is far better than the first.
        double Excess(int from, int to)
        {
            double s = 0;
            for (int t = from; t < to; t++)
            {
                double min = double.PositiveInfinity;
                for (int a = 0; a < grid.Count; a++) min = Math.Min(min, table[t, a]);
                s += costs[t] - min;
            }
            return s / (to - from);
        }
        double first = Excess(0, rounds / 3), last = Excess(2 * rounds / 3, rounds);
        Assert.True(last < 0.5 * first, $"excess per round: first third {first}, last third {last}");
        Assert.True(costs[(2 * rounds / 3)..].Sum() < 1.1 * Enumerable.Range(2 * rounds / 3, rounds / 3).Sum(t => Enumerable.Range(0, grid.Count).Min(a => table[t, a])),
            $"last third within 10% of instance-optimal (grid optimum total {optimal})");
    }

    [Fact]
    public void PoliciesEnforceChooseThenObserve()
    {
        IOmegaPolicy[] policies = [new FixedOmega(1.5), new TsallisInf(), new TsallisInfCb(0, 1), new ChebCb(0, 1)];
        foreach (var policy in policies)
        {
            Assert.Throws<InvalidOperationException>(() => policy.Observe(3));
            policy.Choose(new OmegaQuery(0, null, 0.5));
            Assert.Throws<InvalidOperationException>(() => policy.Choose(new OmegaQuery(1, null, 0.5)));
            Assert.Throws<ArgumentOutOfRangeException>(() => policy.Observe(double.NaN));
            policy.Observe(3);
        }
        Assert.Throws<ArgumentException>(() => new ChebCb(0, 1).Choose(new OmegaQuery(0, null, null)));
        Assert.Throws<ArgumentException>(() => new ChebCb(1, 1));
        Assert.Throws<ArgumentException>(() => new YoungPolicy().Choose(new OmegaQuery(0, null, null)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedOmega(2.0));
    }
}
