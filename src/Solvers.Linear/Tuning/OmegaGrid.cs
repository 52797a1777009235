using System.Collections;

namespace Solvers.Linear.Tuning;

/// <summary>
/// The finite set of relaxation factors a bandit policy chooses from (its arms), each in (0, 2).
/// Learning to Relax uses <see cref="Default"/> = linspace(1.0, 1.95, 20).
/// </summary>
public sealed class OmegaGrid : IReadOnlyList<double>
{
    private readonly double[] _values;

    /// <summary>A grid of the given values, in the order given.</summary>
    /// <exception cref="ArgumentException">No values, or a value outside (0, 2) (its position is named).</exception>
    public OmegaGrid(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values.ToArray();
        if (_values.Length == 0) throw new ArgumentException("An omega grid needs at least one value.", nameof(values));
        for (int i = 0; i < _values.Length; i++)
            if (!(_values[i] > 0 && _values[i] < 2))
                throw new ArgumentException($"Grid value {i} is {_values[i]}; relaxation factors must lie in (0, 2).", nameof(values));
    }

    /// <summary>linspace(1.0, 1.95, 20), the grid of Learning to Relax.</summary>
    public static OmegaGrid Default { get; } = Linspace(1.0, 1.95, 20);

    /// <summary><paramref name="count"/> equally spaced values from <paramref name="first"/> to <paramref name="last"/> inclusive.</summary>
    /// <exception cref="ArgumentException">count &lt; 1, or an end outside (0, 2).</exception>
    public static OmegaGrid Linspace(double first, double last, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "A grid needs at least one value.");
        if (count == 1) return new OmegaGrid([first]);
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = first + (last - first) * i / (count - 1);
        values[count - 1] = last;
        return new OmegaGrid(values);
    }

    /// <summary>The i-th value.</summary>
    public double this[int index] => _values[index];

    /// <summary>Number of values (arms).</summary>
    public int Count => _values.Length;

    /// <summary>The values as a span.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>Index of the value closest to <paramref name="omega"/> (the first on a tie).</summary>
    public int IndexOfNearest(double omega)
    {
        int best = 0;
        for (int i = 1; i < _values.Length; i++)
            if (Math.Abs(_values[i] - omega) < Math.Abs(_values[best] - omega)) best = i;
        return best;
    }

    /// <inheritdoc />
    public IEnumerator<double> GetEnumerator() => ((IEnumerable<double>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
