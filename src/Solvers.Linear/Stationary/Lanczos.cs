using Solvers.Linear.Kernels;

namespace Solvers.Linear.Stationary;

/// <summary>
/// The extreme eigenvalues of a symmetric operator by the Lanczos process (Saad, Numerical Methods for Large
/// Eigenvalue Problems, 2nd ed., §6.6) without reorthogonalisation: lost orthogonality only duplicates converged
/// Ritz values, it does not move the extreme ones. The tridiagonal matrix's extreme eigenvalues come from
/// Sturm-sequence bisection.
/// </summary>
internal static class Lanczos
{
    public delegate void Apply(ReadOnlySpan<double> v, Span<double> y);

    public static (double Min, double Max, int Steps, bool Converged) ExtremeEigenvalues(int n, Apply apply, int maxSteps, double tolerance)
    {
        var alpha = new double[maxSteps];
        var beta = new double[maxSteps];
        var v = new double[n];
        var previous = new double[n];
        var w = new double[n];
        // A fixed pseudo-random start vector: deterministic, and not orthogonal to an extreme eigenvector in practice.
        var random = new Random(20240101);
        for (int i = 0; i < n; i++) v[i] = random.NextDouble() - 0.5;
        Blas1.Scale(1.0 / Blas1.Norm2(v), v);

        double min = double.NaN, max = double.NaN, lastMin = double.NaN, lastMax = double.NaN;
        int steps = 0;
        for (int j = 0; j < maxSteps; j++)
        {
            apply(v, w);
            if (j > 0) Blas1.Axpy(-beta[j - 1], previous, w);
            alpha[j] = Blas1.Dot(w, v);
            Blas1.Axpy(-alpha[j], v, w);
            beta[j] = Blas1.Norm2(w);
            steps = j + 1;
            bool invariant = beta[j] <= 1e-14 * Math.Abs(alpha[j]) || beta[j] == 0;
            if (invariant || steps == maxSteps || steps % 10 == 0)
            {
                (min, max) = TridiagonalExtremes(alpha.AsSpan(0, steps), beta.AsSpan(0, steps - 1));
                double size = Math.Max(Math.Abs(min), Math.Abs(max));
                if (invariant) return (min, max, steps, true);
                if (Math.Abs(min - lastMin) <= tolerance * size && Math.Abs(max - lastMax) <= tolerance * size)
                    return (min, max, steps, true);
                lastMin = min;
                lastMax = max;
            }
            (previous, v) = (v, previous);
            for (int i = 0; i < n; i++) v[i] = w[i] / beta[j];
        }
        return (min, max, steps, steps >= n);
    }

    /// <summary>Smallest and largest eigenvalue of the symmetric tridiagonal matrix (diag, off) by bisection.</summary>
    public static (double Min, double Max) TridiagonalExtremes(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> offDiagonal)
    {
        var (low, high) = GershgorinInterval(diagonal, offDiagonal);
        return (Bisect(diagonal, offDiagonal, low, high, 1), Bisect(diagonal, offDiagonal, low, high, diagonal.Length));
    }

    /// <summary>
    /// Smallest eigenvalue of the symmetric tridiagonal matrix (diag, off) by bisection on its Sturm counts
    /// (<paramref name="offDiagonal"/> holds at least diag.Length - 1 entries).
    /// </summary>
    public static double TridiagonalMinimum(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> offDiagonal)
    {
        var (low, high) = GershgorinInterval(diagonal, offDiagonal);
        return Bisect(diagonal, offDiagonal, low, high, 1);
    }

    private static (double Low, double High) GershgorinInterval(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> offDiagonal)
    {
        int k = diagonal.Length;
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        for (int i = 0; i < k; i++)
        {
            double radius = (i > 0 ? Math.Abs(offDiagonal[i - 1]) : 0) + (i < k - 1 ? Math.Abs(offDiagonal[i]) : 0);
            low = Math.Min(low, diagonal[i] - radius);
            high = Math.Max(high, diagonal[i] + radius);
        }
        return (low, high);
    }

    /// <summary>The <paramref name="index"/>-th smallest eigenvalue (1-based) in [low, high].</summary>
    private static double Bisect(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> offDiagonal, double low, double high, int index)
    {
        double width = Math.Max(Math.Abs(low), Math.Abs(high));
        for (int iteration = 0; iteration < 200 && high - low > 1e-15 * width; iteration++)
        {
            double middle = 0.5 * (low + high);
            if (middle <= low || middle >= high) break;
            if (CountBelow(diagonal, offDiagonal, middle) >= index) high = middle;
            else low = middle;
        }
        return 0.5 * (low + high);
    }

    /// <summary>Number of eigenvalues below <paramref name="x"/> (the negative pivots of T - x I = L D L^T).</summary>
    private static int CountBelow(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> offDiagonal, double x)
    {
        int count = 0;
        double pivot = 1;
        for (int i = 0; i < diagonal.Length; i++)
        {
            double coupling = i > 0 ? offDiagonal[i - 1] * offDiagonal[i - 1] / pivot : 0;
            pivot = diagonal[i] - x - coupling;
            if (pivot == 0) pivot = -1e-300;
            if (pivot < 0) count++;
        }
        return count;
    }
}
