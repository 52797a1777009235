using Solvers.Linear.Storage;

namespace Solvers.Linear.Generators;

/// <summary>
/// Finite-difference model problems on the unit square/cube with homogeneous Dirichlet boundaries,
/// unknowns ordered lexicographically (index = i*N + j, x fastest last). Entries are the unscaled stencil
/// (4/-1 in 2-D, 6/-1 in 3-D), as SciPy, PETSc and Eigen examples build them, so iteration counts compare.
/// </summary>
public static class Poisson
{
    /// <summary>The 5-point Laplacian on an <paramref name="n"/> x <paramref name="n"/> interior grid.</summary>
    public static CsrMatrix TwoD(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return Diffusion.Assemble2D(n, n, (i, j, di, dj) => 1.0);
    }

    /// <summary>The 7-point Laplacian on an <paramref name="n"/>^3 interior grid.</summary>
    public static CsrMatrix ThreeD(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        long size = (long)n * n * n;
        if (size * 7 > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(n), n, "Grid too large for 32-bit CSR indices.");
        int rows = (int)size;
        var rp = new int[rows + 1];
        var ci = new int[rows * 7 - 6 * n * n];
        var va = new double[ci.Length];
        int k = 0, row = 0;
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
                for (int c = 0; c < n; c++, row++)
                {
                    if (a > 0) { ci[k] = row - n * n; va[k++] = -1; }
                    if (b > 0) { ci[k] = row - n; va[k++] = -1; }
                    if (c > 0) { ci[k] = row - 1; va[k++] = -1; }
                    ci[k] = row; va[k++] = 6;
                    if (c < n - 1) { ci[k] = row + 1; va[k++] = -1; }
                    if (b < n - 1) { ci[k] = row + n; va[k++] = -1; }
                    if (a < n - 1) { ci[k] = row + n * n; va[k++] = -1; }
                    rp[row + 1] = k;
                }
        return CsrMatrix.Wrap(rows, rows, rp, ci, va, validate: false);
    }
}
