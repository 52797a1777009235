namespace Solvers.Linear.Solving;

/// <summary>What a solver reports after each iteration.</summary>
/// <param name="Iteration">Iterations completed (0 = the initial residual).</param>
/// <param name="ResidualNorm">||b - A x|| as the method tracks it (recursively updated).</param>
/// <param name="RelativeResidual">ResidualNorm / ||b||.</param>
/// <param name="Elapsed">Time since the solve started.</param>
public readonly record struct IterationInfo(int Iteration, double ResidualNorm, double RelativeResidual, TimeSpan Elapsed);

/// <summary>
/// A synchronous per-iteration callback (PETSc's KSPMonitor): histories, console output and progress bars
/// are monitors. Called on the solving thread; keep it cheap.
/// </summary>
public interface IIterationMonitor
{
    /// <summary>Called once with iteration 0, then after every iteration.</summary>
    void OnIteration(in IterationInfo info);
}
