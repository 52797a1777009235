using Solvers.Linear.Storage;

namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>
/// Randomized Kaczmarz for K v = b (sketch S = e_i, i uniform as in the AdaSketch reference code):
/// v -= (r_i / ||K_i||^2) K_i^T with r_i = K_i v - b_i formed from row i alone, so a step costs O(length of
/// row i) (brief section 3). The full residual, needed only by the stopping test, is formed every
/// <see cref="CheckInterval"/> steps (one product with K per 4(n + m) steps, at least 64 and at most 4096 steps
/// apart), which adds about a quarter of a step's cost per step; the step count reported can overshoot the
/// first step at which the test would have held by less than one interval.
/// </summary>
public sealed class RandomizedKaczmarz : SketchAndProject
{
    private readonly double[] _rowNormSquared;
    private readonly int[] _rowPointers;
    private readonly int[] _columns;
    private readonly double[] _values;

    /// <summary>Sets up K v = b from v = 0.</summary>
    /// <param name="k">The square matrix.</param>
    /// <param name="b">Right-hand side.</param>
    /// <param name="seed">Seed of the row choice.</param>
    public RandomizedKaczmarz(CsrMatrix k, ReadOnlySpan<double> b, int seed) : base(k, b, seed)
    {
        _rowNormSquared = new double[k.RowCount];
        _rowPointers = k.RowPointers.ToArray();
        _columns = k.ColumnIndices.ToArray();
        _values = k.Values.ToArray();
        var rp = _rowPointers;
        var values = _values;
        for (int i = 0; i < k.RowCount; i++)
        {
            double s = 0;
            for (int p = rp[i]; p < rp[i + 1]; p++) s += values[p] * values[p];
            _rowNormSquared[i] = s;
        }
    }

    /// <inheritdoc />
    protected override bool TracksResidual => false;

    /// <inheritdoc />
    public override int CheckInterval => Math.Clamp(4 * Rhs.Length, 64, 4096);

    /// <inheritdoc />
    protected override void Step()
    {
        int n = Rhs.Length;
        if (n == 0) return;
        int i = Random.Next(n);
        double norm2 = _rowNormSquared[i];
        if (norm2 == 0) return;
        var rp = _rowPointers;
        var cols = _columns;
        var vals = _values;
        var v = Solution;
        int start = rp[i], end = rp[i + 1];
        double ri = -Rhs[i];
        for (int p = start; p < end; p++) ri += vals[p] * v[cols[p]];
        double t = ri / norm2;
        for (int p = start; p < end; p++) v[cols[p]] -= t * vals[p];
        Flops += 4.0 * (end - start) + 2;
    }
}
