using Solvers.Constrained.Halpern;

namespace Solvers.Constrained.Tests.Halpern;

public class SimplexTests
{
    /// <summary>
    /// Brute force: the projection keeps some set of the k largest entries, shifted by theta_k = (sum of them - 1)/k;
    /// try every k and keep the candidate that is feasible and closest to v.
    /// </summary>
    private static double[] BruteForce(double[] v)
    {
        var sorted = v.OrderByDescending(t => t).ToArray();
        double[]? best = null;
        double bestDistance = double.PositiveInfinity;
        for (int k = 1; k <= v.Length; k++)
        {
            double theta = (sorted.Take(k).Sum() - 1) / k;
            var x = v.Select(t => Math.Max(t - theta, 0)).ToArray();
            if (Math.Abs(x.Sum() - 1) > 1e-12) continue;
            double distance = v.Zip(x, (a, b) => (a - b) * (a - b)).Sum();
            if (distance < bestDistance) { bestDistance = distance; best = x; }
        }
        return best!;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(5, 3)]
    [InlineData(17, 4)]
    [InlineData(100, 5)]
    public void MatchesSortedBruteForce(int n, int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 20; trial++)
        {
            var v = Enumerable.Range(0, n).Select(_ => (rng.NextDouble() - 0.5) * (1 + trial)).ToArray();
            var x = (double[])v.Clone();
            Simplex.Project(x);
            var expected = BruteForce(v);
            for (int i = 0; i < n; i++) Assert.Equal(expected[i], x[i], 1e-12);
            Assert.Equal(1.0, x.Sum(), 1e-12);
            Assert.All(x, t => Assert.True(t >= 0));
        }
    }

    [Fact]
    public void PointsOnTheSimplexAreFixed()
    {
        var x = new[] { 0.2, 0.3, 0.5 };
        Simplex.Project(x);
        Assert.Equal(new[] { 0.2, 0.3, 0.5 }, x);
    }

    [Fact]
    public void RejectsEmptyAndNonFinite()
    {
        Assert.Equal("v", Assert.Throws<ArgumentException>(() => Simplex.Project(Span<double>.Empty)).ParamName);
        Assert.Equal("v", Assert.Throws<ArgumentException>(() => Simplex.Project(new[] { 1.0, double.NaN })).ParamName);
    }
}
