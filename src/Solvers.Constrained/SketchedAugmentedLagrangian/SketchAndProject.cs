using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>
/// Randomized iterative sketching for a square system K v = b (Gower and Richtarik's sketch-and-project):
/// each step draws a sketch S and projects v onto {v : S^T K v = S^T b}. The residual r = K v - b is kept up to
/// date incrementally so the stopping test costs nothing extra; it is recomputed from scratch periodically and
/// before success is reported. The state persists between calls to <see cref="Run"/>, so sketching can be
/// continued from the current v after a penalty update (brief section 6). No factorisation of K is formed.
/// </summary>
public abstract class SketchAndProject
{
    private const int CancellationStride = 1024;

    /// <summary>Sets up the solver for K v = b starting from v = 0.</summary>
    /// <param name="k">The square matrix.</param>
    /// <param name="b">Right-hand side (copied).</param>
    /// <param name="seed">Seed of the random sketches.</param>
    protected SketchAndProject(CsrMatrix k, ReadOnlySpan<double> b, int seed)
    {
        ArgumentNullException.ThrowIfNull(k);
        if (!k.IsSquare) throw new ArgumentException($"The sketched system must be square; K is {k.RowCount} x {k.ColumnCount}.", nameof(k));
        if (b.Length != k.RowCount) throw new ArgumentException($"Right-hand side has length {b.Length}; K has {k.RowCount} rows.", nameof(b));
        Matrix = k;
        Rhs = b.ToArray();
        Solution = new double[b.Length];
        Residual = new double[b.Length];
        for (int i = 0; i < b.Length; i++) Residual[i] = -Rhs[i];
        ResidualSquared = Blas1.Dot(Residual, Residual);
        Random = new Random(seed);
    }

    /// <summary>K.</summary>
    protected CsrMatrix Matrix { get; }

    /// <summary>b.</summary>
    protected double[] Rhs { get; }

    /// <summary>r = K v - b, maintained by the steps.</summary>
    protected double[] Residual { get; }

    /// <summary>||r||^2, maintained by the steps (recomputed from <see cref="Residual"/> periodically).</summary>
    protected double ResidualSquared { get; set; }

    /// <summary>The sketch generator.</summary>
    protected Random Random { get; }

    /// <summary>The current iterate v.</summary>
    public double[] Solution { get; }

    /// <summary>Sketch steps taken so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Floating-point operations spent so far (multiply-add = 2).</summary>
    public double Flops { get; protected set; }

    /// <summary>||K v - b|| as tracked.</summary>
    public double ResidualNorm => Math.Sqrt(Math.Max(ResidualSquared, 0));

    /// <summary>One sketch-and-project step.</summary>
    protected abstract void Step();

    /// <summary>
    /// Steps until ||K v - b|| &lt;= <paramref name="tolerance"/> (checked on the true residual) or
    /// <paramref name="maxSteps"/> more steps; true when the tolerance was met.
    /// </summary>
    public bool Run(double tolerance, long maxSteps, CancellationToken cancellationToken = default)
    {
        long refresh = Math.Max(1000, 4L * Rhs.Length);
        long sinceRefresh = 0;
        for (long s = 0; ; s++)
        {
            if (ResidualNorm <= tolerance)
            {
                RecomputeResidual();
                if (ResidualNorm <= tolerance) return true;
                sinceRefresh = 0;
            }
            if (s >= maxSteps) return false;
            if (s % CancellationStride == 0 && cancellationToken.IsCancellationRequested) return false;
            Step();
            Steps++;
            if (++sinceRefresh >= refresh)
            {
                RecomputeResidual();
                sinceRefresh = 0;
            }
            if (!double.IsFinite(ResidualSquared)) return false;
        }
    }

    /// <summary>r = K v - b from scratch.</summary>
    protected void RecomputeResidual()
    {
        Matrix.Apply(Solution, Residual);
        for (int i = 0; i < Residual.Length; i++) Residual[i] -= Rhs[i];
        ResidualSquared = Blas1.Dot(Residual, Residual);
        Flops += 2.0 * Matrix.NonZeroCount + 3.0 * Residual.Length;
    }
}
