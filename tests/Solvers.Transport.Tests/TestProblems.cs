using System.Text.Json;
using Solvers.Transport.Problems;

namespace Solvers.Transport.Tests;

/// <summary>Deterministic test problems.</summary>
internal static class TestProblems
{
    public static string DataPath(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    /// <summary>Uniform 2-D clouds, squared-Euclidean cost divided by its max.</summary>
    public static OtProblem Clouds(int n, int m, int seed, GroundMetric metric = GroundMetric.SquaredEuclidean)
    {
        var rng = new Random(seed);
        var x = new double[2 * n];
        var y = new double[2 * m];
        for (int k = 0; k < x.Length; k++) x[k] = rng.NextDouble();
        for (int k = 0; k < y.Length; k++) y[k] = rng.NextDouble();
        return OtProblem.FromPoints(PointCloud.FromArray(n, 2, x), PointCloud.FromArray(m, 2, y), metric, normalizeByMax: true);
    }

    /// <summary>
    /// Two 1-D Gaussian-mixture histograms on n bins of [0, 1] with squared-distance cost (max 1): at reg 1e-3 the
    /// plan is blurry (tens of entries per row), like the benchmark's hist1d problem.
    /// </summary>
    public static OtProblem Histogram1D(int n, int seed)
    {
        var rng = new Random(seed);
        double[] Mixture()
        {
            var w = new double[n];
            for (int c = 0; c < 3; c++)
            {
                double mu = 0.2 + 0.6 * rng.NextDouble(), sigma = 0.05 + 0.1 * rng.NextDouble(), h = 0.5 + rng.NextDouble();
                for (int i = 0; i < n; i++)
                {
                    double t = (i + 0.5) / n - mu;
                    w[i] += h * Math.Exp(-t * t / (2 * sigma * sigma));
                }
            }
            Normalize(w);
            return w;
        }
        var a = Mixture();
        var b = Mixture();
        var c = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double d = (i - j) / (double)(n - 1);
                c[i * n + j] = d * d;
            }
        return OtProblem.Create(a, b, CostMatrix.FromArray(n, n, c), MassMismatch.Renormalize);
    }

    /// <summary>The paper's random assignment problem: C_ij ~ U[0,1], uniform weights.</summary>
    public static OtProblem RandomAssignment(int n, int seed)
    {
        var rng = new Random(seed);
        var c = new double[n * n];
        for (int k = 0; k < c.Length; k++) c[k] = rng.NextDouble();
        return OtProblem.Uniform(CostMatrix.FromArray(n, n, c));
    }

    /// <summary>Random positive weights (sum 1) and random integer-ish costs.</summary>
    public static OtProblem RandomWeights(int n, int m, int seed, bool integerCosts = false)
    {
        var rng = new Random(seed);
        var a = new double[n];
        var b = new double[m];
        for (int i = 0; i < n; i++) a[i] = 0.1 + rng.NextDouble();
        for (int j = 0; j < m; j++) b[j] = 0.1 + rng.NextDouble();
        Normalize(a);
        Normalize(b);
        var c = new double[n * m];
        for (int k = 0; k < c.Length; k++) c[k] = integerCosts ? rng.Next(0, 4) : rng.NextDouble();
        return OtProblem.Create(a, b, CostMatrix.FromArray(n, m, c), MassMismatch.Renormalize);
    }

    public static void Normalize(double[] w)
    {
        double s = w.Sum();
        for (int i = 0; i < w.Length; i++) w[i] /= s;
    }

    /// <summary>The problem of Data/pot_reference.py (read from the same CSV files).</summary>
    public static OtProblem PotProblem() => OtProblem.FromPoints(
        PointCloud.ReadCsv(DataPath("pot_x.csv")), PointCloud.ReadCsv(DataPath("pot_y.csv")), GroundMetric.SquaredEuclidean,
        Histogram.ReadCsv(DataPath("pot_a.csv")), Histogram.ReadCsv(DataPath("pot_b.csv")), normalizeByMax: true);

    public static JsonElement PotReference()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(DataPath("pot_reference.json")));
        return doc.RootElement.Clone();
    }

    /// <summary>||P 1 - a||_1 + ||P^T 1 - b||_1 of a result's plan against the problem.</summary>
    public static double MarginalError(OtProblem problem, TransportPlan plan)
    {
        var r = plan.RowSums();
        var c = plan.ColumnSums();
        double e = 0;
        for (int i = 0; i < r.Length; i++) e += Math.Abs(r[i] - problem.SourceWeights[i]);
        for (int j = 0; j < c.Length; j++) e += Math.Abs(c[j] - problem.TargetWeights[j]);
        return e;
    }
}
