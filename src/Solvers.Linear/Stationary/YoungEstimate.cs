namespace Solvers.Linear.Stationary;

/// <summary>What <see cref="YoungOmega.Estimate"/> found.</summary>
/// <param name="JacobiRadius">beta = rho(I - D^-1 A), the spectral radius of the Jacobi iteration matrix.</param>
/// <param name="Omega">Young's optimal relaxation factor 1 + (beta / (1 + sqrt(1 - beta^2)))^2, or NaN when beta &gt;= 1
/// (Young's theory then does not apply).</param>
/// <param name="LanczosSteps">Lanczos steps taken.</param>
/// <param name="Converged">True when the extreme Ritz values settled to the tolerance before the step limit.</param>
public readonly record struct YoungEstimate(double JacobiRadius, double Omega, int LanczosSteps, bool Converged);
