namespace Solvers.Linear.Tuning;

/// <summary>Validates the context interval of a contextual policy.</summary>
internal static class ContextRangeCheck
{
    public static void Validate(double contextMin, double contextMax)
    {
        if (!double.IsFinite(contextMin) || !double.IsFinite(contextMax) || !(contextMax > contextMin))
            throw new ArgumentException($"The context interval [{contextMin}, {contextMax}] must be finite and non-empty (min < max).", nameof(contextMax));
    }
}
