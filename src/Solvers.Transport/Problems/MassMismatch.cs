namespace Solvers.Transport.Problems;

/// <summary>What to do when the source and target weights have different total mass.</summary>
public enum MassMismatch
{
    /// <summary>Reject the problem with an <see cref="ArgumentException"/> (the default).</summary>
    Error,

    /// <summary>Divide each weight vector by its own total, so both have unit mass.</summary>
    Renormalize,
}
