using Solvers.Linear.Storage;

namespace Solvers.Linear.Generators;

/// <summary>
/// Two-dimensional diffusion operators -div(K grad u) on the unit square, Dirichlet boundary, cell-centred
/// five-point finite volumes scaled by h^2 (so the constant-coefficient case is exactly the 4/-1 Laplacian).
/// </summary>
public static class Diffusion
{
    /// <summary>
    /// Conductance of the face between grid point (i, j) and its neighbour (i + di, j + dj); a face to the
    /// Dirichlet boundary lies outside the grid. Must be positive for an SPD matrix.
    /// </summary>
    public delegate double FaceCoefficient(int i, int j, int di, int dj);

    /// <summary>
    /// Anisotropic diffusion: conductance 1 across x faces (j direction) and <paramref name="epsilon"/>
    /// across y faces (i direction); epsilon = 1 is the Laplacian. Small epsilon makes CG slow and Jacobi weak.
    /// </summary>
    public static CsrMatrix Anisotropic2D(int n, double epsilon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (!(epsilon > 0) || !double.IsFinite(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Anisotropy ratio must be positive and finite.");
        return Assemble2D(n, n, (i, j, di, dj) => di != 0 ? epsilon : 1.0);
    }

    /// <summary>
    /// Variable coefficient diffusion with point conductivity k(x, y) &gt; 0 at grid points x = (j+1)h,
    /// y = (i+1)h; face values are harmonic means of the two points (boundary faces use the interior point).
    /// </summary>
    public static CsrMatrix VariableCoefficient2D(int n, Func<double, double, double> conductivity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentNullException.ThrowIfNull(conductivity);
        double h = 1.0 / (n + 1);
        var k = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                k[i * n + j] = conductivity((j + 1) * h, (i + 1) * h);
        return VariableCoefficient2D(n, k);
    }

    /// <summary>
    /// Variable coefficient diffusion with the conductivity given at the n x n grid points (row-major, row = y index);
    /// face values are harmonic means of the two points (boundary faces use the interior point).
    /// </summary>
    public static CsrMatrix VariableCoefficient2D(int n, ReadOnlySpan<double> pointConductivity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (pointConductivity.Length != n * n)
            throw new ArgumentException($"Expected {n * n} grid values, got {pointConductivity.Length}.", nameof(pointConductivity));
        var k = pointConductivity.ToArray();
        for (int p = 0; p < k.Length; p++)
            if (!(k[p] > 0) || !double.IsFinite(k[p]))
                throw new ArgumentException($"Conductivity at grid point ({p / n}, {p % n}) is {k[p]}; it must be positive and finite.", nameof(pointConductivity));
        return Assemble2D(n, n, (i, j, di, dj) =>
        {
            int ni = i + di, nj = j + dj;
            double here = k[i * n + j];
            if (ni < 0 || ni >= n || nj < 0 || nj >= n) return here;
            double there = k[ni * n + nj];
            return 2 * here * there / (here + there);
        });
    }

    /// <summary>Assembles the five-point operator with the given face conductances.</summary>
    internal static CsrMatrix Assemble2D(int ny, int nx, FaceCoefficient face)
    {
        long size = (long)ny * nx;
        if (size * 5 > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(ny), "Grid too large for 32-bit CSR indices.");
        int rows = (int)size;
        var rp = new int[rows + 1];
        var ci = new int[Math.Max(0, 5 * rows - 2 * nx - 2 * ny)];
        var va = new double[ci.Length];
        int k = 0, row = 0;
        for (int i = 0; i < ny; i++)
            for (int j = 0; j < nx; j++, row++)
            {
                double south = face(i, j, -1, 0), west = face(i, j, 0, -1), east = face(i, j, 0, 1), north = face(i, j, 1, 0);
                if (i > 0) { ci[k] = row - nx; va[k++] = -south; }
                if (j > 0) { ci[k] = row - 1; va[k++] = -west; }
                ci[k] = row; va[k++] = south + west + east + north;
                if (j < nx - 1) { ci[k] = row + 1; va[k++] = -east; }
                if (i < ny - 1) { ci[k] = row + nx; va[k++] = -north; }
                rp[row + 1] = k;
            }
        return CsrMatrix.Wrap(rows, rows, rp, ci, va, validate: false);
    }
}
