using Solvers.Linear.Stationary;

namespace Solvers.Linear.Tuning;

/// <summary>Always the same relaxation factor (the comparator of regret bounds).</summary>
public sealed class FixedOmega : IOmegaPolicy
{
    private PolicyTurn _turn;

    /// <summary>A policy that always returns <paramref name="omega"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">omega is not in (0, 2).</exception>
    public FixedOmega(double omega)
    {
        RelaxationSetup.CheckOmega(omega, "fixed");
        Omega = omega;
    }

    /// <summary>The relaxation factor.</summary>
    public double Omega { get; }

    /// <inheritdoc />
    public string Name => $"fixed({Omega:G4})";

    /// <inheritdoc />
    public double Choose(in OmegaQuery query)
    {
        _turn.BeginChoose(Name);
        return Omega;
    }

    /// <inheritdoc />
    public void Observe(double cost) => _turn.BeginObserve(Name, cost);
}
