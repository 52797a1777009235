namespace Solvers.Linear.Generators.Sequences;

/// <summary>
/// A batch of independent systems (Darcy, Helmholtz) presented as an <see cref="ISystemSequence"/>: each system
/// starts from zero and does not depend on the previous solution, so they may also be solved in any order.
/// </summary>
public sealed class IndependentSystems : ISystemSequence
{
    private readonly IReadOnlyList<LinearSystemInstance> _systems;
    private int _next;
    private bool _awaitingAccept;

    /// <summary>Wraps <paramref name="systems"/>, all of one order.</summary>
    public IndependentSystems(string name, string contextName, IReadOnlyList<LinearSystemInstance> systems)
    {
        ArgumentNullException.ThrowIfNull(systems);
        if (systems.Count == 0) throw new ArgumentException("A sequence needs at least one system.", nameof(systems));
        if (systems.Any(s => s.Matrix.RowCount != systems[0].Matrix.RowCount))
            throw new ArgumentException("All systems of a sequence must have the same order.", nameof(systems));
        Name = name;
        ContextName = contextName;
        _systems = systems;
        ContextRange = (systems.Min(s => s.Context), systems.Max(s => s.Context));
    }

    /// <summary>The systems with their parameters, in generation order.</summary>
    public IReadOnlyList<LinearSystemInstance> Systems => _systems;

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Count => _systems.Count;

    /// <inheritdoc />
    public int Size => _systems[0].Matrix.RowCount;

    /// <inheritdoc />
    public string ContextName { get; }

    /// <inheritdoc />
    public (double Min, double Max) ContextRange { get; }

    /// <inheritdoc />
    public SequenceInstance Next()
    {
        if (_awaitingAccept) throw new InvalidOperationException("Accept the previous solution before asking for the next system.");
        if (_next >= _systems.Count) throw new InvalidOperationException($"All {_systems.Count} systems were handed out.");
        var s = _systems[_next];
        _awaitingAccept = true;
        return new SequenceInstance(_next++, s.Matrix, s.RightHandSide, new double[s.Matrix.ColumnCount], s.Context);
    }

    /// <inheritdoc />
    public void Accept(ReadOnlySpan<double> solution)
    {
        if (solution.Length != Size) throw new ArgumentException($"Solution has length {solution.Length}; the systems have order {Size}.", nameof(solution));
        _awaitingAccept = false;
    }
}
