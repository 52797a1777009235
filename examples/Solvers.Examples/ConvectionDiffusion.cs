using Solvers.Linear.Storage;

namespace Solvers.Examples;

/// <summary>The nonsymmetric test matrix of the krylov and direct examples, assembled entry by entry.</summary>
public static class ConvectionDiffusion
{
    /// <summary>
    /// -Laplace u + wind . grad u on an <paramref name="n"/> x <paramref name="n"/> interior grid (h = 1 / (n + 1)),
    /// scaled by h^2, with first-order upwind differences for the wind (1, 1) * <paramref name="wind"/>.
    /// </summary>
    public static CsrMatrix Assemble(int n, double wind)
    {
        double h = 1.0 / (n + 1);
        double convection = wind * h; // h^2 * wind / h
        var coo = new CooMatrix(n * n, n * n, capacity: 5 * n * n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                int row = i * n + j;
                // Upwind puts the convection on the diagonal and the upstream neighbours, which keeps A an M-matrix,
                // so ILU(0) exists and needs no pivoting.
                coo.Add(row, row, 4 + 2 * convection);
                if (i > 0) coo.Add(row, row - n, -1 - convection);
                if (j > 0) coo.Add(row, row - 1, -1 - convection);
                if (i < n - 1) coo.Add(row, row + n, -1);
                if (j < n - 1) coo.Add(row, row + 1, -1);
            }
        return coo.ToCsr();
    }
}
