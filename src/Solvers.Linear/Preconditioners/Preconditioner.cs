using Solvers.Linear.Storage;

namespace Solvers.Linear.Preconditioners;

/// <summary>The preconditioners the toolkit offers by name (the CLI's --precond values).</summary>
public enum PreconditionerKind
{
    /// <summary>No preconditioning.</summary>
    None,
    /// <summary><see cref="JacobiPreconditioner"/>.</summary>
    Jacobi,
    /// <summary><see cref="SsorPreconditioner"/> with omega = 1 unless given.</summary>
    Ssor,
    /// <summary><see cref="SorPreconditioner"/> (nonsymmetric: for GMRES and BiCGStab).</summary>
    Sor,
    /// <summary><see cref="IncompleteCholesky"/>.</summary>
    Ic0,
    /// <summary><see cref="IncompleteLu"/>.</summary>
    Ilu0,
}

/// <summary>Builds a preconditioner by kind.</summary>
public static class Preconditioner
{
    /// <summary>Creates the preconditioner <paramref name="kind"/> for <paramref name="a"/>; <paramref name="omega"/> is the SOR/SSOR relaxation factor.</summary>
    public static IPreconditioner Create(PreconditionerKind kind, CsrMatrix a, double omega = 1.0) => kind switch
    {
        PreconditionerKind.None => new IdentityPreconditioner(a.RowCount),
        PreconditionerKind.Jacobi => new JacobiPreconditioner(a),
        PreconditionerKind.Ssor => new SsorPreconditioner(a, omega),
        PreconditionerKind.Sor => new SorPreconditioner(a, omega),
        PreconditionerKind.Ic0 => new IncompleteCholesky(a),
        PreconditionerKind.Ilu0 => new IncompleteLu(a),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown preconditioner."),
    };

    /// <summary>Parses a CLI name: none, jacobi, sor, ssor, ic0, ilu0 (case-insensitive).</summary>
    public static PreconditionerKind Parse(string name) => name.ToLowerInvariant() switch
    {
        "none" => PreconditionerKind.None,
        "jacobi" => PreconditionerKind.Jacobi,
        "ssor" => PreconditionerKind.Ssor,
        "sor" => PreconditionerKind.Sor,
        "ic0" => PreconditionerKind.Ic0,
        "ilu0" => PreconditionerKind.Ilu0,
        _ => throw new ArgumentException($"Unknown preconditioner '{name}'; expected none, jacobi, sor, ssor, ic0 or ilu0.", nameof(name)),
    };
}
