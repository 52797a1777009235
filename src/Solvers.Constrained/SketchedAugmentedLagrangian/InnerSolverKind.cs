namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>How the Newton-KKT system K dz = -grad L is solved at each outer iteration.</summary>
public enum InnerSolverKind
{
    /// <summary>Randomized Kaczmarz: project onto one uniformly drawn row of K per step (AdaSketch-RK).</summary>
    RandomizedKaczmarz,

    /// <summary>Gaussian sketch-and-project with one N(0, I) sketch vector per step (AdaSketch-GV).</summary>
    GaussianSketch,

    /// <summary>Exact solve for comparison: dense LU (small K) or GMRES to 1e-12 relative residual (large sparse K).</summary>
    Exact,
}
