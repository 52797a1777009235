namespace Solvers.Linear.Tuning;

/// <summary>Enforces the Choose / Observe alternation of <see cref="IOmegaPolicy"/>.</summary>
internal struct PolicyTurn
{
    private bool _pending;

    public void BeginChoose(string policy)
    {
        if (_pending)
            throw new InvalidOperationException($"{policy}: Choose was called twice; report the cost of the previous choice with Observe first.");
        _pending = true;
    }

    public void BeginObserve(string policy, double cost)
    {
        if (!_pending) throw new InvalidOperationException($"{policy}: Observe was called without a preceding Choose.");
        if (!(cost >= 0) || double.IsInfinity(cost))
            throw new ArgumentOutOfRangeException(nameof(cost), cost, $"{policy}: costs must be finite and non-negative.");
        _pending = false;
    }
}
