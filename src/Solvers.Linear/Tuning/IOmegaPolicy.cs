namespace Solvers.Linear.Tuning;

/// <summary>
/// Chooses the relaxation factor for each system of a sequence and learns from the cost it observes
/// (bandit feedback: only the cost of the omega that was used). Calls alternate: <see cref="Choose"/> before a
/// solve, <see cref="Observe"/> after it.
/// </summary>
public interface IOmegaPolicy
{
    /// <summary>Short name, e.g. "tsallis-inf", "chebcb", "fixed(1.8)".</summary>
    string Name { get; }

    /// <summary>The relaxation factor to use on the system described by <paramref name="query"/>.</summary>
    /// <exception cref="InvalidOperationException">The previous choice has not been observed yet.</exception>
    double Choose(in OmegaQuery query);

    /// <summary>Reports the cost (iterations) the last chosen omega incurred.</summary>
    /// <exception cref="InvalidOperationException">Nothing was chosen since the last observation.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The cost is negative or not finite.</exception>
    void Observe(double cost);
}
