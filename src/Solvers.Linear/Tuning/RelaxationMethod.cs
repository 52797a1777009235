namespace Solvers.Linear.Tuning;

/// <summary>The solvers whose relaxation factor an <see cref="OmegaSequenceSolver"/> tunes.</summary>
public enum RelaxationMethod
{
    /// <summary><see cref="Stationary.Sor"/>: cost = SOR iterations.</summary>
    Sor,
    /// <summary><see cref="Stationary.Ssor"/>: cost = SSOR iterations (forward + backward sweep each).</summary>
    Ssor,
    /// <summary>CG preconditioned by <see cref="Preconditioners.SsorPreconditioner"/>: cost = PCG iterations.</summary>
    SsorPcg,
}
