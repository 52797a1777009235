using Solvers.Constrained.Halpern;

namespace Solvers.Constrained.Tests.Halpern;

/// <summary>
/// Claim 2 of the Halpern brief on a small copy of the quadratic hard instance: EAG's ||F(u_k)|| decays like 1/k,
/// i.e. log ||F|| against log k has slope -1 +- 0.15 over the last two decades of iterations. The n = 200 instance
/// needs 5e5 iterations (benchmarks/constrained/run.sh --only halpern-claims); n = 10 leaves its plateau after ~400.
/// </summary>
public class ExtraAnchoredRateTests
{
    /// <summary>Least-squares slope of log r against log k over records nearest to 50 log-spaced k per decade in [lo, hi].</summary>
    private static double LogLogSlope(IReadOnlyList<(double K, double R)> points, double lo, double hi)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        int j = 0;
        for (int t = 0; t <= 100; t++)
        {
            double target = lo * Math.Pow(hi / lo, t / 100.0);
            while (j + 1 < points.Count && points[j + 1].K <= target * (1 + 1e-12)) j++;
            xs.Add(Math.Log10(points[j].K));
            ys.Add(Math.Log10(points[j].R));
        }
        double mx = xs.Average(), my = ys.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < xs.Count; i++) { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) * (xs[i] - mx); }
        return sxy / sxx;
    }

    [Fact]
    public void EagResidualDecaysLikeOneOverK()
    {
        const int iterations = 50_000;
        var problem = MinMaxProblems.Quadratic(10);
        var u = new double[problem.Operator.Dimension];
        // 2n calls per EAG iteration: recording every 10 epochs records every 5th iteration, dense enough for 50
        // log-spaced points per decade above k = 500
        var result = MinMaxSolver.Solve(problem, MinMaxMethod.ExtraAnchoredGradient, u,
            new MinMaxOptions { Epochs = 2.0 * iterations, RecordEvery = 10 });
        var points = result.History.Where(p => p.Epochs > 0).Select(p => (K: p.Epochs / 2, R: p.Residual)).ToList();
        Assert.Equal(iterations, points[^1].K);
        // EAG oscillates on this instance, so besides the iterates fit the monotone upper envelope max_{j >= k} ||F(u_j)||
        var upper = new (double K, double R)[points.Count];
        double m = 0;
        for (int i = points.Count - 1; i >= 0; i--) { m = Math.Max(m, points[i].R); upper[i] = (points[i].K, m); }
        double raw = LogLogSlope(points, iterations / 100.0, iterations);
        double envelope = LogLogSlope(upper, iterations / 100.0, iterations);
        Assert.InRange(raw, -1.15, -0.85);
        Assert.InRange(envelope, -1.15, -0.85);
    }
}
