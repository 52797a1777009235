namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>
/// Where the time of an <see cref="AdaSketchNewton"/> solve went, by phase (wall seconds), and the inner work
/// broken down by kind. The phases add up to slightly less than <see cref="ConstrainedResult.Elapsed"/>.
/// </summary>
public sealed record ConstrainedProfile
{
    /// <summary>f, grad f, c and the Jacobian at the start point and at every line-search trial point.</summary>
    public double EvaluationSeconds { get; init; }

    /// <summary>Lagrangian Hessian callbacks (and forming a product-only Hessian).</summary>
    public double HessianSeconds { get; init; }

    /// <summary>
    /// Per-iteration set-up: matrix norms, the lambda_min(G G^T) and reduced-Hessian tests of brief section 2,
    /// the accuracy constants of section 5, assembling K and the merit-gradient products.
    /// </summary>
    public double SetupSeconds { get; init; }

    /// <summary>Sketch steps and residual checks.</summary>
    public double SketchSeconds { get; init; }

    /// <summary>Exact KKT solves (the exact inner solver, or the fallback after sketching gave up).</summary>
    public double ExactSolveSeconds { get; init; }

    /// <summary>Line-search trial points evaluated (each costs one f, grad f, c, G evaluation).</summary>
    public int LineSearchTrials { get; init; }

    /// <summary>Sketch steps (rows of K for Kaczmarz, sketch vectors for the Gaussian sketch).</summary>
    public long SketchSteps { get; init; }

    /// <summary>Rows of K the sketches projected on (steps x block size for block Kaczmarz; steps otherwise).</summary>
    public long SketchRows { get; init; }

    /// <summary>Full true-residual products r = K v - b taken by the sketch solvers for their stopping test.</summary>
    public long ResidualChecks { get; init; }

    /// <summary>
    /// Outer iterations on which sketching stopped early because its observed rate predicted a miss of the
    /// accuracy test within the step budget (part of <see cref="ConstrainedResult.ExactFallbacks"/>).
    /// </summary>
    public int PredictedMisses { get; init; }

    /// <summary>
    /// Smallest relative inner tolerance ||K dz + grad L|| / ||grad L|| the sketch solver was asked for (the adaptive
    /// test's theta delta / (||K||_F Psi), or the fixed eta); NaN when no sketch ran.
    /// </summary>
    public double MinInnerRelativeTolerance { get; init; } = double.NaN;

    /// <summary>Largest relative inner tolerance the sketch solver was asked for; NaN when no sketch ran.</summary>
    public double MaxInnerRelativeTolerance { get; init; } = double.NaN;
}
