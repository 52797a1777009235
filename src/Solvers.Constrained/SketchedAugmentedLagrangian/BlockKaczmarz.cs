using Solvers.Linear.Storage;

namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>
/// Block randomized Kaczmarz for K v = b: the sketch S = [e_i1 .. e_iq] holds q distinct rows drawn uniformly, and a
/// step projects v onto {v : K_S v = b_S}: v -= K_S^T (K_S K_S^T)^-1 (K_S v - b_S) (brief section 3, "block
/// variants"; q = 1 is <see cref="RandomizedKaczmarz"/>). A step costs O(q^2 x row length + q^3); the q x q Gram
/// matrix is factorised by Cholesky, and a step whose rows are numerically dependent is skipped. The residual is
/// formed every <see cref="CheckInterval"/> steps as for the single-row solver.
/// </summary>
public sealed class BlockKaczmarz : SketchAndProject
{
    private readonly int _q;
    private readonly int[] _rowPointers;
    private readonly int[] _columns;
    private readonly double[] _values;
    private readonly int[] _rows;
    private readonly double[] _gram;
    private readonly double[] _y;
    private readonly double[] _scatter;

    /// <summary>Sets up K v = b from v = 0 with blocks of <paramref name="blockSize"/> rows.</summary>
    /// <param name="k">The square matrix.</param>
    /// <param name="b">Right-hand side.</param>
    /// <param name="blockSize">Rows per sketch q (at least 1; capped at the order of K).</param>
    /// <param name="seed">Seed of the row choice.</param>
    public BlockKaczmarz(CsrMatrix k, ReadOnlySpan<double> b, int blockSize, int seed) : base(k, b, seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _q = Math.Max(1, Math.Min(blockSize, k.RowCount));
        _rowPointers = k.RowPointers.ToArray();
        _columns = k.ColumnIndices.ToArray();
        _values = k.Values.ToArray();
        _rows = new int[_q];
        _gram = new double[_q * _q];
        _y = new double[_q];
        _scatter = new double[k.RowCount];
    }

    /// <summary>Rows per sketch.</summary>
    public int BlockSize => _q;

    /// <inheritdoc />
    protected override bool TracksResidual => false;

    /// <inheritdoc />
    public override int CheckInterval => Math.Clamp(4 * Rhs.Length / _q, 16, 4096);

    /// <inheritdoc />
    protected override void Step()
    {
        int n = Rhs.Length, q = _q;
        if (n == 0) return;
        // q distinct rows, uniformly (partial rejection; q is small against n or equals n).
        if (q == n)
        {
            for (int s = 0; s < q; s++) _rows[s] = s;
        }
        else
        {
            for (int s = 0; s < q; s++)
            {
                int candidate;
                do candidate = Random.Next(n);
                while (Array.IndexOf(_rows, candidate, 0, s) >= 0);
                _rows[s] = candidate;
            }
        }
        var rp = _rowPointers;
        var cols = _columns;
        var vals = _values;
        var v = Solution;
        double flops = 0;
        // Residual of the sketched rows and the Gram matrix K_S K_S^T (row s scattered, the others dotted with it).
        for (int s = 0; s < q; s++)
        {
            int i = _rows[s];
            double ri = -Rhs[i];
            for (int p = rp[i]; p < rp[i + 1]; p++)
            {
                ri += vals[p] * v[cols[p]];
                _scatter[cols[p]] = vals[p];
            }
            _y[s] = ri;
            for (int u = s; u < q; u++)
            {
                int j = _rows[u];
                double dot = 0;
                for (int p = rp[j]; p < rp[j + 1]; p++) dot += vals[p] * _scatter[cols[p]];
                _gram[s * q + u] = dot;
                _gram[u * q + s] = dot;
                flops += 2.0 * (rp[j + 1] - rp[j]);
            }
            for (int p = rp[i]; p < rp[i + 1]; p++) _scatter[cols[p]] = 0;
            flops += 2.0 * (rp[i + 1] - rp[i]);
        }
        if (!CholeskySolveInPlace(_gram, _y, q)) return;
        flops += q * (double)q * q / 3 + 2.0 * q * q;
        for (int s = 0; s < q; s++)
        {
            int i = _rows[s];
            double t = _y[s];
            for (int p = rp[i]; p < rp[i + 1]; p++) v[cols[p]] -= t * vals[p];
            flops += 2.0 * (rp[i + 1] - rp[i]);
        }
        Flops += flops;
    }

    /// <summary>Solves A y = r for a small SPD A (row-major, overwritten by its factor); false when A is not numerically SPD.</summary>
    private static bool CholeskySolveInPlace(double[] a, double[] y, int q)
    {
        double scale = 0;
        for (int i = 0; i < q; i++) scale = Math.Max(scale, a[i * q + i]);
        for (int j = 0; j < q; j++)
        {
            double d = a[j * q + j];
            for (int k = 0; k < j; k++) d -= a[j * q + k] * a[j * q + k];
            if (!(d > 1e-12 * scale)) return false;
            d = Math.Sqrt(d);
            a[j * q + j] = d;
            for (int i = j + 1; i < q; i++)
            {
                double s = a[i * q + j];
                for (int k = 0; k < j; k++) s -= a[i * q + k] * a[j * q + k];
                a[i * q + j] = s / d;
            }
        }
        for (int i = 0; i < q; i++)
        {
            double s = y[i];
            for (int k = 0; k < i; k++) s -= a[i * q + k] * y[k];
            y[i] = s / a[i * q + i];
        }
        for (int i = q - 1; i >= 0; i--)
        {
            double s = y[i];
            for (int k = i + 1; k < q; k++) s -= a[k * q + i] * y[k];
            y[i] = s / a[i * q + i];
        }
        return true;
    }
}
