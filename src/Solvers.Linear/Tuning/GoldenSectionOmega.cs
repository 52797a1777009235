namespace Solvers.Linear.Tuning;

/// <summary>
/// Golden-section search for the omega that minimises one system's cost: the per-instance reference
/// ("instance-optimal, golden section, 12 evaluations per step") of Khodak et al., Learning to Relax (ICLR 2024,
/// heat-equation experiment). It pays many solves per system, so it is a yardstick for the learners, not a policy.
/// </summary>
/// <remarks>
/// Plain golden section (Kiefer 1953) on [<c>lower</c>, <c>upper</c>]: two interior probes at the golden ratios,
/// then one new probe per evaluation in the bracket that keeps the smaller cost (ties shrink from the right, so
/// the smaller omega is preferred). Iteration counts are integers and only piecewise unimodal in omega, so the
/// result is the best omega evaluated, not a certified minimiser.
/// </remarks>
public static class GoldenSectionOmega
{
    /// <summary>The best (omega, cost) among <paramref name="evaluations"/> probes of <paramref name="cost"/>.</summary>
    /// <param name="cost">Cost of solving the system with a given omega (e.g. iterations).</param>
    /// <param name="lower">Left end of the search interval.</param>
    /// <param name="upper">Right end of the search interval.</param>
    /// <param name="evaluations">Number of calls of <paramref name="cost"/> (at least 2; the paper's 12).</param>
    /// <exception cref="ArgumentException">The interval is empty or not finite, or fewer than 2 evaluations.</exception>
    public static (double Omega, double Cost) Search(Func<double, double> cost, double lower = 1.0, double upper = 1.95, int evaluations = 12)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentOutOfRangeException.ThrowIfLessThan(evaluations, 2);
        ContextRangeCheck.Validate(lower, upper);
        double tau = (Math.Sqrt(5) - 1) / 2;
        double left = lower, right = upper;
        double o1 = right - tau * (right - left), o2 = left + tau * (right - left);
        double f1 = cost(o1), f2 = cost(o2);
        (double bestOmega, double bestCost) = f1 <= f2 ? (o1, f1) : (o2, f2);
        for (int i = 2; i < evaluations; i++)
        {
            if (f1 > f2)
            {
                left = o1;
                o1 = o2; f1 = f2;
                o2 = left + tau * (right - left);
                f2 = cost(o2);
                if (f2 < bestCost) (bestOmega, bestCost) = (o2, f2);
            }
            else
            {
                right = o2;
                o2 = o1; f2 = f1;
                o1 = right - tau * (right - left);
                f1 = cost(o1);
                if (f1 < bestCost || (f1 == bestCost && o1 < bestOmega)) (bestOmega, bestCost) = (o1, f1);
            }
        }
        return (bestOmega, bestCost);
    }
}
