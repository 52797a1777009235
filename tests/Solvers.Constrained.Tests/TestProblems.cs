using Solvers.Linear.Storage;

namespace Solvers.Constrained.Tests;

/// <summary>Small seeded problems and a dense reference solver for the tests.</summary>
public static class TestProblems
{
    /// <summary>A random sparse m x n matrix (density <paramref name="density"/>, N(0,1) values, column scales varied).</summary>
    public static CsrMatrix RandomSparse(int m, int n, double density, int seed)
    {
        var rng = new Random(seed);
        var coo = new CooMatrix(m, n);
        var scale = Enumerable.Range(0, n).Select(_ => 0.2 + 3 * rng.NextDouble()).ToArray();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                if (rng.NextDouble() < density) coo.Add(i, j, scale[j] * Normal(rng));
        return coo.ToCsr();
    }

    /// <summary>A standard normal sample (Box-Muller).</summary>
    public static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Solves (A^T A + ridge I) x = A^T y densely by Cholesky.</summary>
    public static double[] DenseRidge(CsrMatrix a, double[] y, double ridge)
    {
        int n = a.ColumnCount;
        var dense = new double[a.RowCount, n];
        for (int i = 0; i < a.RowCount; i++)
            for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++) dense[i, a.ColumnIndices[k]] = a.Values[k];
        var h = new double[n, n];
        var rhs = new double[n];
        for (int p = 0; p < n; p++)
        {
            for (int q = 0; q < n; q++)
            {
                double s = 0;
                for (int i = 0; i < a.RowCount; i++) s += dense[i, p] * dense[i, q];
                h[p, q] = s;
            }
            h[p, p] += ridge;
            for (int i = 0; i < a.RowCount; i++) rhs[p] += dense[i, p] * y[i];
        }
        return CholeskySolve(h, rhs);
    }

    /// <summary>Dense SPD solve by Cholesky.</summary>
    public static double[] CholeskySolve(double[,] h, double[] rhs)
    {
        int n = rhs.Length;
        var l = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            double d = h[j, j];
            for (int k = 0; k < j; k++) d -= l[j, k] * l[j, k];
            l[j, j] = Math.Sqrt(d);
            for (int i = j + 1; i < n; i++)
            {
                double s = h[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = s / l[j, j];
            }
        }
        var x = (double[])rhs.Clone();
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < i; k++) x[i] -= l[i, k] * x[k];
            x[i] /= l[i, i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            for (int k = i + 1; k < n; k++) x[i] -= l[k, i] * x[k];
            x[i] /= l[i, i];
        }
        return x;
    }
}
