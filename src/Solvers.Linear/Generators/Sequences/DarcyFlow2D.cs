using Solvers.Linear.Storage;

namespace Solvers.Linear.Generators.Sequences;

/// <summary>
/// Darcy flow -div(K grad h) = 1 on the unit square with h = 0 on the boundary and K = exp(g) for a Gaussian random
/// field g (alpha = 2.5, tau = 7). Two constructions:
/// <list type="bullet">
/// <item><see cref="PaperSequence"/>: the systems the SKR paper actually solved (its authors' generator script),
/// non-symmetric; see <see cref="PaperMatrix"/>.</item>
/// <item><see cref="Sequence"/>: a textbook discretisation of the same PDE (cosine KL field, five-point finite volumes
/// with harmonic-mean face conductances), symmetric positive definite and much easier for GMRES.</item>
/// </list>
/// </summary>
public static class DarcyFlow2D
{
    /// <summary>
    /// <paramref name="count"/> independent finite-volume systems on an n x n grid (h = 1 / (n + 1)), K from the cosine
    /// field <see cref="GaussianRandomField"/>; the parameters are the field's weighted KL coefficients.
    /// </summary>
    public static IEnumerable<LinearSystemInstance> Sequence(int n, int count, int seed, GaussianRandomField? field = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        field ??= new GaussianRandomField();
        var random = new Random(seed);
        double h = 1.0 / (n + 1);
        for (int t = 0; t < count; t++)
        {
            var coefficients = field.SampleCoefficients(random);
            var g = field.Evaluate(coefficients, n);
            var a = Diffusion.VariableCoefficient2D(n, g.Select(Math.Exp).ToArray());
            var b = new double[n * n];
            Array.Fill(b, h * h);
            yield return new LinearSystemInstance(a, b, coefficients, g.Average());
        }
    }

    /// <summary>
    /// <paramref name="count"/> independent systems built as the SKR paper's scripts build them: K = exp(g) with g a
    /// <see cref="PeriodicGaussianRandomField"/> on an (n + 2) x (n + 2) grid, the n x n interior points unknown
    /// (the paper's "n = 6400" Darcy set is n = 78 here, 6084 unknowns; its "10^4" Helmholtz set n = 98),
    /// A = <see cref="PaperMatrix"/>(K) and b = h^2 with h = 1 / (n - 1).
    /// The parameters (for SKR's sorting) are the whole field K, which is what the paper's greedy ordering compares
    /// (Frobenius distance); the context is the mean of g.
    /// </summary>
    public static IEnumerable<LinearSystemInstance> PaperSequence(int n, int count, int seed) =>
        PaperSystems(n, count, seed, shifts: null);

    /// <summary>Shared by <see cref="PaperSequence"/> and <see cref="Helmholtz2D.PaperSequence"/>: the latter only adds a diagonal shift per system.</summary>
    internal static IEnumerable<LinearSystemInstance> PaperSystems(int n, int count, int seed, Func<Random, double>? shifts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 3);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var field = new PeriodicGaussianRandomField(n + 2);
        var random = new Random(seed);
        double h = 1.0 / (n - 1);
        for (int t = 0; t < count; t++)
        {
            var g = field.Sample(random);
            var k = g.Select(Math.Exp).ToArray();
            double wavenumber = shifts?.Invoke(random) ?? 0;
            var b = new double[n * n];
            Array.Fill(b, h * h);
            var parameters = shifts is null ? k : [.. k, wavenumber];
            yield return new LinearSystemInstance(PaperMatrix(k, n + 2, h * h * wavenumber * wavenumber), b, parameters,
                shifts is null ? g.Average() : wavenumber);
        }
    }

    /// <summary>
    /// The five-point matrix of the SKR paper's Darcy generator for a coefficient K given on an s x s grid (row-major,
    /// index p * s + q), unknowns at the m x m interior points (m = s - 2, unknown r = i * m + j at grid point
    /// (i + 1, j + 1)). Row r holds 4 K(i + 1, j + 1) - <paramref name="diagonalShift"/> on the diagonal and, for each
    /// interior neighbour, minus K at that neighbour, i.e. A = L diag(K) with L the constant five-point Laplacian
    /// (a discretisation of -Laplace(K u), not of -div(K grad u)) - except the coupling to row i - 1: the script
    /// reads it with a flat-index offset of two, so it takes the value K(i, j - 1) (for j &lt; 2, wrapping to the end of
    /// the previous grid row: K(i - 1, m + j - 1)) instead of K(i, j + 1). That slip makes A non-symmetric beyond the
    /// column scaling, and is what makes these systems hard for restarted GMRES (thousands of GMRES(40) iterations at
    /// tol 1e-8 where L diag(K) alone needs under a thousand); it is kept on purpose so that the systems are the paper's.
    /// </summary>
    /// <param name="coefficient">K on the s x s grid, positive.</param>
    /// <param name="s">Grid points per side, at least 3.</param>
    /// <param name="diagonalShift">Subtracted from every diagonal entry (the paper's Helmholtz set: h^2 k^2).</param>
    public static CsrMatrix PaperMatrix(ReadOnlySpan<double> coefficient, int s, double diagonalShift = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(s, 3);
        if (coefficient.Length != s * s) throw new ArgumentException($"Expected {s * s} grid values, got {coefficient.Length}.", nameof(coefficient));
        int m = s - 2, rows = m * m;
        var rp = new int[rows + 1];
        var ci = new int[5 * rows - 4 * m];
        var va = new double[ci.Length];
        int nz = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
            {
                int r = i * m + j;
                if (i > 0)
                {
                    // The script's slice K[0:m, 1:m+1] read at flat index r - 2 (see the summary).
                    int f = r - 2;
                    ci[nz] = r - m; va[nz++] = -coefficient[(f / m) * s + f % m + 1];
                }
                if (j > 0) { ci[nz] = r - 1; va[nz++] = -coefficient[(i + 1) * s + j]; }
                ci[nz] = r; va[nz++] = 4 * coefficient[(i + 1) * s + j + 1] - diagonalShift;
                if (j < m - 1) { ci[nz] = r + 1; va[nz++] = -coefficient[(i + 1) * s + j + 2]; }
                if (i < m - 1) { ci[nz] = r + m; va[nz++] = -coefficient[(i + 2) * s + j + 1]; }
                rp[r + 1] = nz;
            }
        return CsrMatrix.Wrap(rows, rows, rp, ci, va, validate: false);
    }
}
