using Solvers.Linear.Storage;

namespace Solvers.Linear.Generators.Sequences;

/// <summary>
/// Helmholtz problems -Laplace u - k(x)^2 u = f on the unit square, u = 0 on the boundary, with a random wavenumber
/// field k = k0 exp(g / 2) (g a Gaussian random field) and a unit source in a disc of radius 0.1 at the centre;
/// five-point differences scaled by h^2, so A = L - h^2 diag(k^2). For k0 above ~4.4 (k^2 above the smallest
/// Laplacian eigenvalue 2 pi^2) the matrix is symmetric indefinite, which is what makes these sequences hard.
/// </summary>
/// <remarks>
/// This is not what the SKR paper's Helmholtz set is: its scripts build <see cref="DarcyFlow2D.PaperMatrix"/> of
/// exp(GRF) minus h^2 k^2 on the diagonal with one scalar k ~ U(0, 1) per system (<see cref="PaperSequence"/>).
/// </remarks>
public static class Helmholtz2D
{
    /// <summary>
    /// The SKR paper's "Helmholtz" systems as its generator script builds them: the Darcy systems of
    /// <see cref="DarcyFlow2D.PaperSequence"/> (n x n unknowns; the paper's "n = 10^4" set is n = 98) with
    /// h^2 k^2 (h = 1 / (n - 1)) subtracted from the diagonal, k ~ U(0, 1) drawn per system. The shift is below
    /// 1.1e-4 against diagonal entries near 4, so these are practically the Darcy systems: positive real spectrum,
    /// not indefinite. Parameters: the field K followed by k (the paper sorts by ||K_i - K_j||_F + |k_i - k_j|);
    /// context: k.
    /// </summary>
    public static IEnumerable<LinearSystemInstance> PaperSequence(int n, int count, int seed) =>
        DarcyFlow2D.PaperSystems(n, count, seed, shifts: random => random.NextDouble());

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
