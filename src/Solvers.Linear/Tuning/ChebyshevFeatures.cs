namespace Solvers.Linear.Tuning;

/// <summary>Chebyshev polynomials T_0 .. T_(m-1) of a context mapped from [a, b] to [-1, 1].</summary>
internal static class ChebyshevFeatures
{
    /// <summary>Writes T_j(z), z = 2 (c - a) / (b - a) - 1 clamped to [-1, 1], into <paramref name="features"/>.</summary>
    public static void Evaluate(double context, double a, double b, Span<double> features)
    {
        double z = Math.Clamp(2 * (context - a) / (b - a) - 1, -1, 1);
        if (features.Length > 0) features[0] = 1;
        if (features.Length > 1) features[1] = z;
        for (int j = 2; j < features.Length; j++) features[j] = 2 * z * features[j - 1] - features[j - 2];
    }
}
