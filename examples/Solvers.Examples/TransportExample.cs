using Solvers.Transport;
using Solvers.Transport.Exact;
using Solvers.Transport.Problems;
using Solvers.Transport.Sinkhorn;

namespace Solvers.Examples;

/// <summary>
/// Optimal transport between two histograms on a line: entropic (log-domain Sinkhorn and Sinkhorn-Newton-Sparse) and
/// exact (network simplex). On a line the monotone (quantile-matching) coupling is optimal for a convex cost, which
/// the tests use as an independent check of the exact cost.
/// </summary>
public static class TransportExample
{
    /// <summary>The entropic regularisation, in units of the largest cost (the support spans [0, 1]); iteration counts of
    /// Sinkhorn grow like 1 / reg, SNS's much more slowly.</summary>
    public const double Regularization = 1e-3;

    /// <summary>The problem and the three results.</summary>
    /// <param name="Support">The common support: <see cref="Bins"/> points of [0, 1].</param>
    /// <param name="Source">Source weights (sum 1).</param>
    /// <param name="Target">Target weights (sum 1).</param>
    /// <param name="Sinkhorn">Log-domain Sinkhorn.</param>
    /// <param name="Sns">Sinkhorn-Newton-Sparse.</param>
    /// <param name="Exact">Network simplex.</param>
    public sealed record Result(double[] Support, double[] Source, double[] Target,
        TransportResult Sinkhorn, SnsResult Sns, TransportResult Exact) : ExampleResult("transport");

    /// <summary>Number of histogram bins.</summary>
    public const int Bins = 60;

    /// <summary>Runs the example, printing to <paramref name="log"/>.</summary>
    public static Result Run(TextWriter log)
    {
        var support = Enumerable.Range(0, Bins).Select(i => (i + 0.5) / Bins).ToArray();
        var a = Normalized(support.Select(t => Bump(t, 0.3, 0.08)));
        var b = Normalized(support.Select(t => Bump(t, 0.6, 0.05) + 0.5 * Bump(t, 0.85, 0.04)));
        var points = PointCloud.FromArray(Bins, 1, support);
        // Squared Euclidean ground cost: the exact cost is W2^2. Weights must have equal mass (or ask for renormalisation).
        var problem = OtProblem.FromPoints(points, points, GroundMetric.SquaredEuclidean, a, b);

        // The pure log-domain variant is stable for any reg; the default stabilised variant is faster per iteration.
        var sinkhorn = LogSinkhorn.Solve(problem, Regularization, new SinkhornOptions { Variant = SinkhornVariant.Log, Tolerance = 1e-9 });
        var sns = SinkhornNewtonSparse.Solve(problem, Regularization, new SnsOptions { Tolerance = 1e-9 });
        var exact = NetworkSimplex.Solve(problem);

        log.WriteLine($"  {Bins} x {Bins} bins, reg = {Regularization}:");
        log.WriteLine($"  sinkhorn-log  {sinkhorn.Status}, {sinkhorn.Iterations} iterations, <C, P> = {sinkhorn.Cost:F6}, marginal error {sinkhorn.MarginalError:E1}");
        log.WriteLine($"  sns           {sns.Status}, {sns.SinkhornIterations} Sinkhorn + {sns.NewtonSteps} Newton steps ({sns.CgIterations} CG), " +
                      $"<C, P> = {sns.Cost:F6}, marginal error {sns.MarginalError:E1}");
        log.WriteLine($"  exact         {exact.Status}, <C, P> = {exact.Cost:F6}, {exact.Iterations} pivots (the entropic plans pay for their blur)");

        return new Result(support, a, b, sinkhorn, sns, exact);
    }

    private static double Bump(double t, double centre, double width) => Math.Exp(-0.5 * Math.Pow((t - centre) / width, 2));

    private static double[] Normalized(IEnumerable<double> weights)
    {
        var w = weights.ToArray();
        double sum = w.Sum();
        return w.Select(v => v / sum).ToArray();
    }
}
