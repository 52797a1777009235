namespace Solvers.Linear.Solving;

/// <summary>The outcome of an iterative solve. The solution itself is written to the caller's span.</summary>
public sealed record SolveResult
{
    /// <summary>Why the solve stopped.</summary>
    public required SolveStatus Status { get; init; }

    /// <summary>True when <see cref="Status"/> is a converged status.</summary>
    public bool Converged => Status.IsConverged();

    /// <summary>Iterations performed (matrix-vector products for CG; inner steps for GMRES).</summary>
    public required int Iterations { get; init; }

    /// <summary>||b - A x|| of the returned x, recomputed from scratch at the end.</summary>
    public required double ResidualNorm { get; init; }

    /// <summary>||b - A x|| / ||b|| of the returned x (recomputed); equals ResidualNorm when b = 0.</summary>
    public required double RelativeResidual { get; init; }

    /// <summary>||b - A x0||.</summary>
    public required double InitialResidualNorm { get; init; }

    /// <summary>Relative residual (tracked) after each iteration, starting with iteration 0; empty when not recorded.</summary>
    public IReadOnlyList<double> History { get; init; } = Array.Empty<double>();

    /// <summary>Wall time of the iteration (excludes preconditioner set-up done by the caller).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Name of the method, e.g. "cg", "gmres(30)".</summary>
    public string Method { get; init; } = "";

    /// <summary>Human-readable detail: the cause of a failure, a preconditioner shift, and so on.</summary>
    public string? Message { get; init; }
}
