using Solvers.Linear.Operators;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;

namespace Solvers.Linear.Krylov;

/// <summary>The Krylov methods, selectable by name so that switching method is one word.</summary>
public enum IterativeMethod
{
    /// <summary><see cref="ConjugateGradient"/> (SPD).</summary>
    ConjugateGradient,
    /// <summary><see cref="Gmres"/> (general, right preconditioning).</summary>
    Gmres,
    /// <summary><see cref="BiCgStab"/> (general, right preconditioning).</summary>
    BiCgStab,
}

/// <summary>Dispatch by <see cref="IterativeMethod"/>.</summary>
public static class IterativeSolver
{
    /// <summary>Solves A x = b with <paramref name="method"/>; <paramref name="x"/> is the initial guess in, the solution out.</summary>
    /// <param name="method">Which Krylov method.</param>
    /// <param name="a">The operator.</param>
    /// <param name="b">Right-hand side.</param>
    /// <param name="x">Initial guess in, solution out.</param>
    /// <param name="preconditioner">Optional preconditioner (left/split for CG, right for GMRES and BiCGStab).</param>
    /// <param name="options">Options; a <see cref="GmresOptions"/> sets the GMRES restart length.</param>
    public static SolveResult Solve(IterativeMethod method, ILinearOperator a, ReadOnlySpan<double> b, Span<double> x,
        IPreconditioner? preconditioner = null, SolverOptions? options = null) => method switch
    {
        IterativeMethod.ConjugateGradient => ConjugateGradient.Solve(a, b, x, preconditioner, options),
        IterativeMethod.Gmres => Krylov.Gmres.Solve(a, b, x, preconditioner, options as GmresOptions ?? (options is null ? null : new GmresOptions(options))),
        IterativeMethod.BiCgStab => Krylov.BiCgStab.Solve(a, b, x, preconditioner, options),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown method."),
    };

    /// <summary>Parses cg, pcg, gmres or bicgstab (case-insensitive); pcg is CG.</summary>
    public static IterativeMethod Parse(string name) => name.ToLowerInvariant() switch
    {
        "cg" or "pcg" => IterativeMethod.ConjugateGradient,
        "gmres" => IterativeMethod.Gmres,
        "bicgstab" => IterativeMethod.BiCgStab,
        _ => throw new ArgumentException($"Unknown method '{name}'; expected cg, pcg, gmres or bicgstab.", nameof(name)),
    };
}
