using MathNet.Numerics.LinearAlgebra;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests;

/// <summary>Seeded random sparse test matrices with dense Math.NET twins for reference solves.</summary>
public static class RandomMatrices
{
    /// <summary>A random sparse matrix with about <paramref name="perRow"/> off-diagonal entries per row and the given diagonal.</summary>
    public static CsrMatrix Sparse(int n, int perRow, int seed, Func<int, double> diagonal, bool symmetric)
    {
        var rng = new Random(seed);
        var coo = new CooMatrix(n, n);
        for (int i = 0; i < n; i++)
        {
            coo.Add(i, i, diagonal(i));
            for (int e = 0; e < perRow; e++)
            {
                int j = rng.Next(n);
                if (j == i) continue;
                double v = 2 * rng.NextDouble() - 1;
                coo.Add(i, j, v);
                if (symmetric) coo.Add(j, i, v);
            }
        }
        return coo.ToCsr();
    }

    /// <summary>SPD by strict diagonal dominance: diagonal = 1 + sum of |off-diagonals| in the row.</summary>
    public static CsrMatrix Spd(int n, int perRow, int seed)
    {
        var a = Sparse(n, perRow, seed, _ => 0.0, symmetric: true);
        var coo = new CooMatrix(n, n);
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++)
                if (a.ColumnIndices[k] != i)
                {
                    coo.Add(i, a.ColumnIndices[k], a.Values[k]);
                    sum += Math.Abs(a.Values[k]);
                }
            coo.Add(i, i, 1.0 + sum * (0.6 + 0.4 * (i % 3) / 2.0));
        }
        return coo.ToCsr();
    }

    /// <summary>Nonsymmetric, diagonally dominant enough for unpreconditioned Krylov methods.</summary>
    public static CsrMatrix Nonsymmetric(int n, int perRow, int seed) =>
        Sparse(n, perRow, seed, i => perRow * 0.7 + 1 + (i % 5), symmetric: false);

    public static double[] Vector(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
    }

    /// <summary>x solving A x = b by Math.NET's dense LU: the independent reference.</summary>
    public static double[] DenseSolve(CsrMatrix a, double[] b) =>
        a.ToMathNetDense().LU().Solve(Vector<double>.Build.DenseOfArray(b)).ToArray();

    /// <summary>||b - A x|| / ||b|| computed with Math.NET's sparse product, independent of our kernels.</summary>
    public static double RelativeResidual(CsrMatrix a, double[] b, double[] x)
    {
        var r = Vector<double>.Build.DenseOfArray(b) - a.ToMathNetSparse() * Vector<double>.Build.DenseOfArray(x);
        return r.L2Norm() / Vector<double>.Build.DenseOfArray(b).L2Norm();
    }

    public static double MaxAbsDifference(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double m = 0;
        for (int i = 0; i < x.Length; i++) m = Math.Max(m, Math.Abs(x[i] - y[i]));
        return m;
    }

    /// <summary>
    /// Central-difference convection-diffusion on an n x n grid with wind in x: nonsymmetric, 4 on the diagonal,
    /// -1 -/+ wind to the west/east and -1 north and south (diagonally dominant for |wind| &lt;= 1).
    /// </summary>
    public static CsrMatrix ConvectionDiffusion(int n, double wind)
    {
        var coo = new CooMatrix(n * n, n * n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                int row = i * n + j;
                coo.Add(row, row, 4);
                if (j > 0) coo.Add(row, row - 1, -1 - wind);
                if (j < n - 1) coo.Add(row, row + 1, -1 + wind);
                if (i > 0) coo.Add(row, row - n, -1);
                if (i < n - 1) coo.Add(row, row + n, -1);
            }
        return coo.ToCsr();
    }
}
