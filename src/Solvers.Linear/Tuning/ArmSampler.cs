namespace Solvers.Linear.Tuning;

/// <summary>Draws an arm from a probability vector.</summary>
internal static class ArmSampler
{
    /// <summary>Index i with probability p_i / sum(p); the last positive arm absorbs rounding.</summary>
    public static int Draw(Random random, ReadOnlySpan<double> probabilities)
    {
        double total = 0;
        foreach (double p in probabilities) total += p;
        double u = random.NextDouble() * total;
        int last = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            if (probabilities[i] <= 0) continue;
            last = i;
            u -= probabilities[i];
            if (u < 0) return i;
        }
        return last;
    }
}
