using MathNet.Numerics.Distributions;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Generators.Sequences;

/// <summary>
/// Experiment 1 of Learning to Relax (Khodak et al., ICLR 2024): A_t = A + c_t I with A the five-point Laplacian
/// on a g x g interior grid (diagonal 4; the paper's g = 10), c_t = -0.15 + 0.6 Beta(alpha, beta) i.i.d.
/// (<see cref="ShiftDistribution.HighVariance"/>: Beta(0.5, 1.5); <see cref="ShiftDistribution.LowVariance"/>:
/// Beta(2, 6)), b_t a standard normal vector conditioned on ||b_t|| &lt;= sqrt(n), and x0 = 0. Every A_t is SPD
/// (the smallest eigenvalue of A is 8 sin^2(pi / (2 (g + 1))) &gt; 0.15 for g &lt;= 10; larger grids can make
/// the most negative shifts indefinite). The context is c_t.
/// </summary>
public sealed class ShiftedLaplacianSequence : ISystemSequence
{
    private readonly CsrMatrix _laplacian;
    private readonly int[] _diagonalPositions;
    private readonly Random _random;
    private readonly double _alpha, _beta;
    private int _next;

    /// <summary>The sequence of <paramref name="count"/> shifted Laplacians on a <paramref name="grid"/> x <paramref name="grid"/> grid.</summary>
    /// <param name="grid">Interior grid points per side (n = grid^2 unknowns).</param>
    /// <param name="count">Number of systems.</param>
    /// <param name="seed">Seed of the shifts and right-hand sides.</param>
    /// <param name="distribution">Which shift distribution of the paper.</param>
    public ShiftedLaplacianSequence(int grid = 10, int count = 5000, int seed = 0, ShiftDistribution distribution = ShiftDistribution.HighVariance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(grid, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 0);
        if (!Enum.IsDefined(distribution)) throw new ArgumentOutOfRangeException(nameof(distribution), distribution, "Unknown distribution.");
        Count = count;
        Distribution = distribution;
        _laplacian = Poisson.TwoD(grid);
        _diagonalPositions = new int[_laplacian.RowCount];
        for (int i = 0; i < _diagonalPositions.Length; i++) _diagonalPositions[i] = _laplacian.IndexOf(i, i);
        _random = new Random(seed);
        (_alpha, _beta) = distribution == ShiftDistribution.HighVariance ? (0.5, 1.5) : (2.0, 6.0);
    }

    /// <inheritdoc />
    public string Name => "shifted-laplacian";

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public int Size => _laplacian.RowCount;

    /// <summary>The shift distribution.</summary>
    public ShiftDistribution Distribution { get; }

    /// <inheritdoc />
    public string ContextName => "shift";

    /// <summary>
    /// [-0.15, 0.65], the interval the paper's contextual learners are given (the shifts themselves lie in
    /// [-0.15, 0.45]).
    /// </summary>
    public (double Min, double Max) ContextRange => (-0.15, 0.65);

    /// <summary>The unshifted Laplacian A.</summary>
    public CsrMatrix Laplacian => _laplacian;

    /// <inheritdoc />
    public SequenceInstance Next()
    {
        if (_next >= Count) throw new InvalidOperationException($"All {Count} systems of the sequence were handed out.");
        double shift = -0.15 + 0.6 * Beta.Sample(_random, _alpha, _beta);
        var values = _laplacian.Values.ToArray();
        foreach (int k in _diagonalPositions) values[k] += shift;
        var matrix = CsrMatrix.Wrap(Size, Size, _laplacian.RowPointerArray, _laplacian.ColumnIndexArray, values, validate: false);
        var b = TruncatedNormal(_random, Size);
        return new SequenceInstance(_next++, matrix, b, new double[Size], shift);
    }

    /// <inheritdoc />
    public void Accept(ReadOnlySpan<double> solution)
    {
        if (solution.Length != Size)
            throw new ArgumentException($"Solution has length {solution.Length}; the systems have {Size} unknowns.", nameof(solution));
    }

    /// <summary>A standard normal vector redrawn until ||b|| &lt;= sqrt(n) (rejection sampling, as the paper).</summary>
    internal static double[] TruncatedNormal(Random random, int n)
    {
        var b = new double[n];
        while (true)
        {
            double norm2 = 0;
            for (int i = 0; i < n; i++)
            {
                b[i] = Normal.Sample(random, 0, 1);
                norm2 += b[i] * b[i];
            }
            if (norm2 <= n) return b;
        }
    }
}

/// <summary>The shift distributions of Learning to Relax's first experiment.</summary>
public enum ShiftDistribution
{
    /// <summary>c = -0.15 + 0.6 Beta(0.5, 1.5): mass piles up near -0.15, where SOR is slowest.</summary>
    HighVariance,
    /// <summary>c = -0.15 + 0.6 Beta(2, 6).</summary>
    LowVariance,
}
