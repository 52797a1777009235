using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Stationary;

/// <summary>
/// Young's optimal SOR relaxation factor, omega* = 1 + (beta / (1 + sqrt(1 - beta^2)))^2 with beta the spectral
/// radius of the Jacobi iteration matrix (D. M. Young, Iterative Solution of Large Linear Systems, 1971, ch. 6;
/// Saad, 2nd ed., §4.2.5). It minimises the asymptotic SOR convergence factor, which is then omega* - 1, for
/// consistently ordered matrices whose Jacobi eigenvalues are real (e.g. five-point stencils in natural order).
/// Learning to Relax uses it as the instance-optimal reference.
/// </summary>
/// <remarks>
/// beta is computed by Lanczos on the symmetrically scaled Jacobi matrix I - D^-1/2 A D^-1/2, which has the
/// spectrum of I - D^-1 A. Stencils on bipartite grids have a spectrum symmetric about zero (+-beta both
/// eigenvalues), so plain power iteration on J oscillates in direction; Lanczos finds both ends at once and beta
/// is the larger of 1 - lambda_min and lambda_max - 1 of D^-1/2 A D^-1/2.
/// </remarks>
public static class YoungOmega
{
    /// <summary>Young's formula for a Jacobi spectral radius <paramref name="beta"/> in [0, 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">beta is not in [0, 1).</exception>
    public static double FromJacobiRadius(double beta)
    {
        if (!(beta >= 0 && beta < 1))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "Young's formula needs a Jacobi spectral radius in [0, 1).");
        double q = beta / (1 + Math.Sqrt((1 - beta) * (1 + beta)));
        return 1 + q * q;
    }

    /// <summary>
    /// Estimates beta = rho(I - D^-1 A) and Young's omega for a symmetric matrix with a positive diagonal.
    /// </summary>
    /// <param name="a">Symmetric matrix with a positive diagonal.</param>
    /// <param name="maxSteps">Lanczos step limit (default 300; capped at the order of A).</param>
    /// <param name="tolerance">Stop when the extreme Ritz values change by less than this (relative) over 10 steps.</param>
    /// <exception cref="ArgumentException">A is not square or not symmetric, or a diagonal entry is not positive (the row is named).</exception>
    public static YoungEstimate Estimate(CsrMatrix a, int maxSteps = 300, double tolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        if (!(tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be positive.");
        if (!a.IsSquare)
            throw new ArgumentException($"Young's omega needs a square matrix; this one is {a.RowCount} x {a.ColumnCount}.", nameof(a));
        if (!a.IsSymmetric(1e-10))
            throw new ArgumentException("Young's omega is estimated by Lanczos on D^-1/2 A D^-1/2, which needs a symmetric matrix.", nameof(a));
        int n = a.RowCount;
        var scale = a.Diagonal();
        for (int i = 0; i < n; i++)
        {
            if (!(scale[i] > 0))
                throw new ArgumentException($"Young's omega needs a positive diagonal; entry ({i}, {i}) is {scale[i]}.", nameof(a));
            scale[i] = 1.0 / Math.Sqrt(scale[i]);
        }
        if (n == 0) return new YoungEstimate(0, 1, 0, true);

        var work = new double[n];
        var (lambdaMin, lambdaMax, steps, converged) = Lanczos.ExtremeEigenvalues(n, (v, y) =>
        {
            Blas1.Multiply(scale, v, work);
            a.Apply(work, y);
            Blas1.Multiply(scale, y, y);
        }, Math.Min(maxSteps, n), tolerance);
        double beta = Math.Max(Math.Max(1 - lambdaMin, lambdaMax - 1), 0);
        double omega = beta < 1 ? FromJacobiRadius(beta) : double.NaN;
        return new YoungEstimate(beta, omega, steps, converged);
    }
}
