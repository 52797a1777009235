using MathNet.Numerics.LinearAlgebra;
using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Dcdm.Training;

/// <summary>
/// DCDM training right-hand sides (brief section 4): random combinations of the Ritz vectors of one matrix, with the
/// low end of the spectrum weighted 9x because those are the modes CG resolves last. The Ritz pairs come from
/// <see cref="Steps"/> Lanczos steps with full reorthogonalisation started from A times a Gaussian vector.
/// </summary>
internal sealed class RitzTrainingSet
{
    private const double LowModeWeight = 9.0;
    private const double NullSpaceThreshold = 1e-8;

    private RitzTrainingSet(float[][] samples, double[] ritzValues, int steps)
    {
        Samples = samples;
        RitzValues = ritzValues;
        Steps = steps;
    }

    /// <summary>Unit-norm right-hand sides, in the matrix's unknown order.</summary>
    public float[][] Samples { get; }

    /// <summary>The Ritz values kept (those above the null-space threshold), ascending.</summary>
    public double[] RitzValues { get; }

    /// <summary>Lanczos steps taken (fewer than asked when the Krylov space became invariant).</summary>
    public int Steps { get; }

    /// <summary>
    /// Builds <paramref name="count"/> samples from <paramref name="steps"/> Lanczos steps on <paramref name="a"/>.
    /// The lowest steps/2 + steps/20 Ritz modes (the brief's m/2 + theta) get coefficients 9 N(0,1), the others N(0,1).
    /// </summary>
    public static RitzTrainingSet Create(CsrMatrix a, int steps, int count, int seed, CancellationToken token = default)
    {
        int n = a.RowCount;
        if (steps < 2) throw new ArgumentOutOfRangeException(nameof(steps), $"Lanczos needs at least 2 steps, got {steps}.");
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"Need at least one training sample, got {count}.");
        steps = Math.Min(steps, n);
        var random = new Random(seed);
        var (basis, alpha, beta, taken) = Lanczos(a, steps, random, token);

        var t = Matrix<double>.Build.Dense(taken, taken);
        for (int j = 0; j < taken; j++)
        {
            t[j, j] = alpha[j];
            if (j + 1 < taken) t[j, j + 1] = t[j + 1, j] = beta[j];
        }
        var evd = t.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, taken).Where(i => evd.EigenValues[i].Real > NullSpaceThreshold)
            .OrderBy(i => evd.EigenValues[i].Real).ToArray();
        if (order.Length == 0) throw new InvalidOperationException("Every Ritz value is below 1e-8: the training matrix is singular.");
        var vectors = evd.EigenVectors;
        int lowModes = Math.Min(order.Length, taken / 2 + taken / 20);

        var samples = new float[count][];
        var coefficients = new double[taken];
        var b = new double[n];
        for (int k = 0; k < count; k++)
        {
            token.ThrowIfCancellationRequested();
            // b = Q^T (S c): combine the Ritz vectors' coordinates first (taken^2), then the basis once (taken n).
            Array.Clear(coefficients);
            for (int r = 0; r < order.Length; r++)
            {
                double c = Gaussian(random) * (r < lowModes ? LowModeWeight : 1.0);
                int col = order[r];
                for (int j = 0; j < taken; j++) coefficients[j] += c * vectors[j, col];
            }
            Array.Clear(b);
            for (int j = 0; j < taken; j++) Blas1.Axpy(coefficients[j], basis[j], b);
            double norm = Blas1.Norm2(b);
            var sample = new float[n];
            for (int i = 0; i < n; i++) sample[i] = (float)(b[i] / norm);
            samples[k] = sample;
        }
        return new RitzTrainingSet(samples, order.Select(i => evd.EigenValues[i].Real).ToArray(), taken);
    }

    private static (double[][] Basis, double[] Alpha, double[] Beta, int Taken) Lanczos(CsrMatrix a, int steps, Random random, CancellationToken token)
    {
        int n = a.RowCount;
        var start = new double[n];
        for (int i = 0; i < n; i++) start[i] = Gaussian(random);
        var q = new double[n];
        a.Apply(start, q);
        Blas1.Scale(1.0 / Blas1.Norm2(q), q);
        var basis = new double[steps][];
        var alpha = new double[steps];
        var beta = new double[steps];
        int taken = 0;
        for (int j = 0; j < steps; j++)
        {
            token.ThrowIfCancellationRequested();
            basis[j] = q;
            taken = j + 1;
            var w = new double[n];
            a.Apply(q, w);
            alpha[j] = Blas1.Dot(w, q);
            // Full reorthogonalisation, twice (classical Gram-Schmidt "twice is enough"), keeps the Ritz vectors orthonormal
            // so that no spurious copies of converged modes distort the sample distribution.
            for (int pass = 0; pass < 2; pass++)
                for (int i = 0; i <= j; i++) Blas1.Axpy(-Blas1.Dot(w, basis[i]), basis[i], w);
            beta[j] = Blas1.Norm2(w);
            if (j + 1 == steps || beta[j] <= 1e-12 * Math.Abs(alpha[j])) break;
            Blas1.Scale(1.0 / beta[j], w);
            q = w;
        }
        return (basis, alpha, beta, taken);
    }

    internal static double Gaussian(Random random)
        => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
