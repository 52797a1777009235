using Solvers.Linear.Storage;

namespace Solvers.Linear.Generators.Sequences;

/// <summary>
/// Helmholtz problems -Laplace u - k(x)^2 u = f on the unit square, u = 0 on the boundary, with a random wavenumber
/// field k = k0 exp(g / 2) (g a Gaussian random field) and a unit source in a disc of radius 0.1 at the centre;
/// five-point differences scaled by h^2, so A = L - h^2 diag(k^2). For k0 above ~4.4 (k^2 above the smallest
/// Laplacian eigenvalue 2 pi^2) the matrix is symmetric indefinite, which is what makes these sequences hard.
/// </summary>
public static class Helmholtz2D
{
    /// <summary><paramref name="count"/> systems with mean wavenumber scale <paramref name="k0"/>.</summary>
    public static IEnumerable<LinearSystemInstance> Sequence(int n, int count, int seed, double k0 = 6.0, GaussianRandomField? field = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!(k0 > 0)) throw new ArgumentOutOfRangeException(nameof(k0), k0, "Wavenumber scale must be positive.");
        field ??= new GaussianRandomField();
        var random = new Random(seed);
        double h = 1.0 / (n + 1);
        var laplacian = Poisson.TwoD(n);
        var b = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double x = (j + 1) * h - 0.5, y = (i + 1) * h - 0.5;
                b[i * n + j] = x * x + y * y <= 0.01 ? h * h : 0.0;
            }
        for (int t = 0; t < count; t++)
        {
            var coefficients = field.SampleCoefficients(random);
            var g = field.Evaluate(coefficients, n);
            var values = laplacian.Values.ToArray();
            var rp = laplacian.RowPointers;
            double meanK = 0;
            for (int row = 0; row < n * n; row++)
            {
                double k = k0 * Math.Exp(g[row] / 2);
                meanK += k;
                int diagonal = laplacian.IndexOf(row, row);
                values[diagonal] -= h * h * k * k;
            }
            yield return new LinearSystemInstance(laplacian.WithValues(values), (double[])b.Clone(), coefficients, meanK / (n * n));
        }
    }
}
