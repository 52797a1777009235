using Solvers.Linear.Solving;

namespace Solvers.Constrained.Halpern;

/// <summary>A point of a convergence curve: epochs spent and the residual there.</summary>
/// <param name="Epochs">Component calls / n when recorded.</param>
/// <param name="Residual">Natural residual ||u - J(u - F(u))||.</param>
public readonly record struct ResidualPoint(double Epochs, double Residual);

/// <summary>Outcome of a finite-sum min-max / monotone-inclusion run; the last iterate is written to the caller's span.</summary>
public sealed record MinMaxResult
{
    /// <summary>ConvergedAbsolute (residual &lt;= tolerance), MaxIterations (budget spent), NaNOrInfinity or Cancelled.</summary>
    public required SolveStatus Status { get; init; }

    /// <summary>True when <see cref="Status"/> is a converged status.</summary>
    public bool Converged => Status.IsConverged();

    /// <summary>Natural residual of the last iterate.</summary>
    public required double Residual { get; init; }

    /// <summary>Component evaluations used (exact).</summary>
    public required long Calls { get; init; }

    /// <summary>Calls / n.</summary>
    public required double Epochs { get; init; }

    /// <summary>Outer iterations.</summary>
    public required int Iterations { get; init; }

    /// <summary>Residual against epochs, from the start.</summary>
    public IReadOnlyList<ResidualPoint> History { get; init; } = Array.Empty<ResidualPoint>();

    /// <summary>Wall time (includes the uncounted residual evaluations).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Method name, e.g. "vr-halpern".</summary>
    public string Method { get; init; } = "";
}
