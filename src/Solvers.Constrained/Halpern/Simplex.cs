namespace Solvers.Constrained.Halpern;

/// <summary>Euclidean projection onto the probability simplex {x : x >= 0, sum x = 1}.</summary>
public static class Simplex
{
    /// <summary>
    /// Projects <paramref name="v"/> onto the simplex in place by the sort-based algorithm (Held, Wolfe and Crowder
    /// 1974; Duchi et al. 2008): sort descending, rho = the largest j with mu_j &gt; (sum_{r&lt;=j} mu_r - 1)/j,
    /// theta = (sum_{r&lt;=rho} mu_r - 1)/rho, x = max(v - theta, 0). O(n log n).
    /// </summary>
    /// <exception cref="ArgumentException">v is empty or has a non-finite entry.</exception>
    public static void Project(Span<double> v)
    {
        if (v.IsEmpty) throw new ArgumentException("Cannot project an empty vector onto the simplex.", nameof(v));
        int n = v.Length;
        double[] sorted = v.ToArray();
        foreach (double value in sorted)
            if (!double.IsFinite(value)) throw new ArgumentException($"v has a non-finite entry ({value}).", nameof(v));
        Array.Sort(sorted);
        Array.Reverse(sorted);
        double sum = 0, theta = 0;
        for (int j = 0; j < n; j++)
        {
            sum += sorted[j];
            double t = (sum - 1) / (j + 1);
            if (sorted[j] > t) theta = t;
        }
        for (int i = 0; i < n; i++) v[i] = Math.Max(v[i] - theta, 0);
    }
}
