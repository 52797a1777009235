using Solvers.Linear.Solving;

namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>Options of <see cref="BlockCoordinateDescent"/>.</summary>
public sealed record BcdOptions
{
    /// <summary>Block selection rule. Default GSL.</summary>
    public SelectionRule Rule { get; init; } = SelectionRule.GaussSouthwellLipschitz;

    /// <summary>Block update. Default the (proximal) gradient step with 1/L_b.</summary>
    public BlockUpdate Update { get; init; } = BlockUpdate.Gradient;

    /// <summary>Block partition. Default variable blocks.</summary>
    public BlockPartition Partition { get; init; } = BlockPartition.Variable;

    /// <summary>
    /// A caller-supplied fixed partition (e.g. <see cref="Graphs.RedBlack"/> or <see cref="Graphs.TwoForests"/>); when set it
    /// replaces <see cref="Partition"/> and <see cref="BlockSize"/>. Every variable must appear exactly once.
    /// </summary>
    public int[][]? Blocks { get; init; }

    /// <summary>
    /// Adds the bound x &gt;= 0 to the separable term (lambda ||x||_1 + indicator(x &gt;= 0) = lambda sum x on the feasible
    /// set; the non-negative lasso, problem A-l1 of the design brief): prox steps become max(v - kappa, 0), the optimality
    /// measure and the greedy scores use the bound-constrained minimum-norm subgradient, and the matrix / Newton block
    /// step solves the bound-constrained block QP. The start must be feasible. NewtonCD takes the dense Newton path.
    /// Default false.
    /// </summary>
    public bool NonNegative { get; init; }

    /// <summary>Block size tau (at least 1; clipped to n).</summary>
    public int BlockSize { get; init; } = 1;

    /// <summary>
    /// Stop when the optimality measure (the infinity norm of the minimum-norm subgradient of F) falls to
    /// Tolerance times its value at x0, or to <see cref="AbsoluteTolerance"/>.
    /// </summary>
    public double Tolerance { get; init; } = 1e-8;

    /// <summary>Absolute stopping threshold on the optimality measure. Default 0.</summary>
    public double AbsoluteTolerance { get; init; }

    /// <summary>
    /// Greedy rules without the O(n) scan: keep the gradient current by refreshing only the partial derivatives that a
    /// block update can change (<see cref="SmoothObjective.AddGradientDependents"/>) and pick blocks from a tournament
    /// tree of the scores (O(log n) per changed score). Selects exactly the blocks the scan selects. null (default):
    /// on when the objective knows its sparse gradient dependence and a refresh touches at most n/4 entries per
    /// updated coordinate (sparse quadratics such as label propagation); true: whenever the objective supports it;
    /// false: always scan. Not used by variable-block GSQ, whose iterative hard thresholding needs the full gradient.
    /// </summary>
    public bool? FastGreedy { get; init; }

    /// <summary>Iteration (block update) limit.</summary>
    public int MaxIterations { get; init; } = 1_000_000;

    /// <summary>Seed of the random rules and the random partition.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Record F(x^k) after every iteration in <see cref="BcdResult.History"/>.</summary>
    public bool RecordHistory { get; init; }

    /// <summary>
    /// Called at every optimality check with the optimality measure as the residual (relative = measure / initial
    /// measure).
    /// </summary>
    public IIterationMonitor? Monitor { get; init; }

    /// <summary>Stops the iteration with <see cref="SolveStatus.Cancelled"/>.</summary>
    public CancellationToken CancellationToken { get; init; }
}
