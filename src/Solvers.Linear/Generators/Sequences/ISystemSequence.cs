namespace Solvers.Linear.Generators.Sequences;

/// <summary>
/// A sequence of related linear systems handed out one at a time. A simulation's next system depends on the
/// previous solution, so the caller passes each solution back with <see cref="Accept"/> before asking for the next.
/// </summary>
public interface ISystemSequence
{
    /// <summary>Short name, e.g. "shifted-laplacian".</summary>
    string Name { get; }

    /// <summary>Number of systems.</summary>
    int Count { get; }

    /// <summary>Order of every matrix.</summary>
    int Size { get; }

    /// <summary>What the context is, e.g. "shift", "kappa".</summary>
    string ContextName { get; }

    /// <summary>An interval containing every context of the sequence (for contextual policies).</summary>
    (double Min, double Max) ContextRange { get; }

    /// <summary>The next system.</summary>
    /// <exception cref="InvalidOperationException">All systems were handed out, or the previous one was not accepted.</exception>
    SequenceInstance Next();

    /// <summary>Takes the solution of the system last handed out.</summary>
    /// <exception cref="ArgumentException">The solution has the wrong length.</exception>
    void Accept(ReadOnlySpan<double> solution);
}
