using Solvers.Linear.IO;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>
/// The synthetic data sets of Nutini, Laradji and Schmidt (2022), section 7 of the design brief, regenerated from
/// their stated construction with a seed (the exact random streams of the Python reference are not reproduced).
/// </summary>
public static class SyntheticData
{
    /// <summary>
    /// The shared design matrix: entries N(0,1) + 1, column j scaled by 10 N(0,1), each entry kept with probability
    /// 10 log(m) / m (0.069 for m = 1000); and a sparse w* (N(0,1) entries kept with probability 0.1).
    /// </summary>
    private static (CsrMatrix A, double[] WStar) Design(int m, int n, Random rng)
    {
        double keep = Math.Min(1.0, 10 * Math.Log(m) / m);
        var scale = new double[n];
        for (int j = 0; j < n; j++) scale[j] = 10 * Gaussian(rng);
        var coo = new CooMatrix(m, n, (int)(keep * m * n * 1.1) + 16);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double value = (Gaussian(rng) + 1) * scale[j];
                if (rng.NextDouble() < keep && value != 0) coo.Add(i, j, value);
            }
        var w = new double[n];
        for (int j = 0; j < n; j++)
        {
            double v = Gaussian(rng);
            if (rng.NextDouble() < 0.1) w[j] = v;
        }
        return (coo.ToCsr(), w);
    }

    /// <summary>Data set A (least squares): y = A w* + N(0,1) noise. Default 1000 x 10000.</summary>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public static LabelledData A(int samples = 1000, int features = 10000, int seed = 1)
    {
        CheckSizes(samples, features);
        var rng = new Random(seed);
        var (a, w) = Design(samples, features, rng);
        var y = new double[samples];
        a.Apply(w, y);
        for (int i = 0; i < samples; i++) y[i] += Gaussian(rng);
        return new LabelledData(a, y);
    }

    /// <summary>Data set B (logistic): labels sign(A w*), each flipped with probability 0.1. Default 1000 x 10000.</summary>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public static LabelledData B(int samples = 1000, int features = 10000, int seed = 1)
    {
        CheckSizes(samples, features);
        var rng = new Random(seed);
        var (a, w) = Design(samples, features, rng);
        var z = new double[samples];
        a.Apply(w, z);
        var y = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            double label = z[i] >= 0 ? 1 : -1;
            y[i] = rng.NextDouble() < 0.1 ? -label : label;
        }
        return new LabelledData(a, y);
    }

    /// <summary>
    /// Data set C (softmax): the design of A with a dense W* in R^(features x classes) of N(0,1) entries; label i =
    /// argmax_k (A W*)_ik + N(0,1) noise, stored as the class number 0..classes-1. Default 1000 x 1000, 50 classes.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive, or classes &lt; 2.</exception>
    public static LabelledData C(int samples = 1000, int features = 1000, int classes = 50, int seed = 1)
    {
        CheckSizes(samples, features);
        if (classes < 2) throw new ArgumentException($"classes must be at least 2, was {classes}.", nameof(classes));
        var rng = new Random(seed);
        var (a, _) = Design(samples, features, rng);
        var w = new double[features * classes];
        for (int k = 0; k < w.Length; k++) w[k] = Gaussian(rng);
        var scores = new double[samples * classes];
        var rp = a.RowPointers;
        var ci = a.ColumnIndices;
        var va = a.Values;
        for (int i = 0; i < samples; i++)
            for (int p = rp[i]; p < rp[i + 1]; p++)
                for (int k = 0; k < classes; k++) scores[i * classes + k] += va[p] * w[ci[p] * classes + k];
        var y = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            int best = 0;
            double bestScore = double.NegativeInfinity;
            for (int k = 0; k < classes; k++)
            {
                double v = scores[i * classes + k] + Gaussian(rng);
                if (v > bestScore) { bestScore = v; best = k; }
            }
            y[i] = best;
        }
        return new LabelledData(a, y);
    }

    private static void CheckSizes(int samples, int features)
    {
        if (samples < 1) throw new ArgumentException($"samples must be positive, was {samples}.", nameof(samples));
        if (features < 1) throw new ArgumentException($"features must be positive, was {features}.", nameof(features));
    }

    internal static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
