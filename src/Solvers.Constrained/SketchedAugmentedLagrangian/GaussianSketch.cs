using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>
/// Gaussian sketch-and-project for K v = b with one N(0, I) sketch vector s per step:
/// w = K^T s, v -= (s^T r / ||w||^2) w, r -= (s^T r / ||w||^2) K w. Two products with K per step.
/// </summary>
public sealed class GaussianSketch : SketchAndProject
{
    private readonly double[] _s;
    private readonly double[] _w;
    private readonly double[] _kw;

    /// <summary>Sets up K v = b from v = 0.</summary>
    /// <param name="k">The square matrix.</param>
    /// <param name="b">Right-hand side.</param>
    /// <param name="seed">Seed of the Gaussian sketches.</param>
    public GaussianSketch(CsrMatrix k, ReadOnlySpan<double> b, int seed) : base(k, b, seed)
    {
        _s = new double[b.Length];
        _w = new double[b.Length];
        _kw = new double[b.Length];
    }

    /// <inheritdoc />
    protected override void Step()
    {
        int n = Rhs.Length;
        if (n == 0) return;
        for (int i = 0; i < n; i++) _s[i] = NextGaussian();
        Matrix.ApplyTranspose(_s, _w);
        double ww = Blas1.Dot(_w, _w);
        double sr = Blas1.Dot(_s, Residual);
        Flops += 4.0 * Matrix.NonZeroCount + 4.0 * n;
        if (!(ww > 0)) return;
        double t = sr / ww;
        Blas1.Axpy(-t, _w, Solution);
        Matrix.Apply(_w, _kw);
        Blas1.Axpy(-t, _kw, Residual);
        ResidualSquared = Blas1.Dot(Residual, Residual);
        Flops += 6.0 * n;
    }

    private double NextGaussian()
    {
        // Box-Muller; one draw per call keeps the stream simple.
        double u1 = 1.0 - Random.NextDouble();
        double u2 = Random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
