namespace Solvers.Transport.Problems;

/// <summary>The ground cost between two points x and y of a point cloud.</summary>
public enum GroundMetric
{
    /// <summary>c(x, y) = ||x - y||_2^2 (the W2 cost).</summary>
    SquaredEuclidean,

    /// <summary>c(x, y) = ||x - y||_2 (the W1 cost).</summary>
    Euclidean,
}

/// <summary>Parsing of <see cref="GroundMetric"/> names.</summary>
public static class GroundMetrics
{
    /// <summary>Parses <c>sqeuclidean</c> or <c>euclidean</c> (case-insensitive; also <c>w2</c>, <c>w1</c>).</summary>
    /// <exception cref="ArgumentException">The name is none of those.</exception>
    public static GroundMetric Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            "sqeuclidean" or "squared-euclidean" or "w2" => GroundMetric.SquaredEuclidean,
            "euclidean" or "w1" => GroundMetric.Euclidean,
            _ => throw new ArgumentException($"Unknown metric '{name}'; expected sqeuclidean or euclidean.", nameof(name)),
        };
    }
}
