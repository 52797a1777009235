using Solvers.Linear.Storage;

namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>
/// Randomized Kaczmarz for K v = b (sketch S = e_i, i uniform as in the AdaSketch reference code):
/// v -= (r_i / ||K_i||^2) K_i^T. The residual update r -= t K K_i^T touches, for each entry (i, j) of row i,
/// column j of K (read as row j of K^T), so a step costs O(sum of the row lengths involved), not O(nnz(K)).
/// </summary>
public sealed class RandomizedKaczmarz : SketchAndProject
{
    private readonly CsrMatrix _transpose;
    private readonly double[] _rowNormSquared;

    /// <summary>Sets up K v = b from v = 0.</summary>
    /// <param name="k">The square matrix.</param>
    /// <param name="b">Right-hand side.</param>
    /// <param name="seed">Seed of the row choice.</param>
    public RandomizedKaczmarz(CsrMatrix k, ReadOnlySpan<double> b, int seed) : base(k, b, seed)
    {
        _transpose = k.Transpose();
        _rowNormSquared = new double[k.RowCount];
        var rp = k.RowPointers;
        var values = k.Values;
        for (int i = 0; i < k.RowCount; i++)
        {
            double s = 0;
            for (int p = rp[i]; p < rp[i + 1]; p++) s += values[p] * values[p];
            _rowNormSquared[i] = s;
        }
    }

    /// <inheritdoc />
    protected override void Step()
    {
        int n = Rhs.Length;
        if (n == 0) return;
        int i = Random.Next(n);
        double norm2 = _rowNormSquared[i];
        if (norm2 == 0) return;
        double t = Residual[i] / norm2;
        if (t == 0) return;
        var rp = Matrix.RowPointers;
        var cols = Matrix.ColumnIndices;
        var vals = Matrix.Values;
        var trp = _transpose.RowPointers;
        var tcols = _transpose.ColumnIndices;
        var tvals = _transpose.Values;
        var v = Solution;
        var r = Residual;
        double sq = ResidualSquared;
        double flops = 0;
        for (int p = rp[i]; p < rp[i + 1]; p++)
        {
            int j = cols[p];
            double kij = t * vals[p];
            v[j] -= kij;
            // r -= (t k_ij) K e_j, and K e_j is row j of K^T.
            for (int q = trp[j]; q < trp[j + 1]; q++)
            {
                int l = tcols[q];
                double old = r[l];
                double updated = old - kij * tvals[q];
                r[l] = updated;
                sq += updated * updated - old * old;
            }
            flops += 2 + 6.0 * (trp[j + 1] - trp[j]);
        }
        ResidualSquared = sq;
        Flops += flops + 2;
    }
}
