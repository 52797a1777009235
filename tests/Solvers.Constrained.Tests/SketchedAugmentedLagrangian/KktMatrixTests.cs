using Solvers.Constrained.SketchedAugmentedLagrangian;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.Tests.SketchedAugmentedLagrangian;

public class KktMatrixTests
{
    /// <summary>K = [B + sigma I, G^T; G, -delta I] through a COO matrix: the reference for the direct CSR assembly.</summary>
    private static CsrMatrix ViaCoo(CsrMatrix h, CsrMatrix g, double shift, double regularization)
    {
        int n = h.RowCount, m = g.RowCount;
        var coo = new CooMatrix(n + m, n + m);
        for (int i = 0; i < n; i++)
        {
            for (int p = h.RowPointers[i]; p < h.RowPointers[i + 1]; p++) coo.Add(i, h.ColumnIndices[p], h.Values[p]);
            if (shift != 0) coo.Add(i, i, shift);
        }
        for (int j = 0; j < m; j++)
        {
            for (int p = g.RowPointers[j]; p < g.RowPointers[j + 1]; p++)
            {
                coo.Add(n + j, g.ColumnIndices[p], g.Values[p]);
                coo.Add(g.ColumnIndices[p], n + j, g.Values[p]);
            }
            if (regularization != 0) coo.Add(n + j, n + j, -regularization);
        }
        return coo.ToCsr();
    }

    private static CsrMatrix RandomSparse(Random random, int rows, int columns, double density, bool symmetric)
    {
        var coo = new CooMatrix(rows, columns);
        for (int i = 0; i < rows; i++)
            for (int j = symmetric ? i : 0; j < columns; j++)
            {
                if (random.NextDouble() >= density) continue;
                // Some explicit zeros: the assembly must keep them, as the COO conversion does.
                double v = random.NextDouble() < 0.1 ? 0 : random.NextDouble() * 2 - 1;
                coo.Add(i, j, v);
                if (symmetric && j != i) coo.Add(j, i, v);
            }
        return coo.ToCsr();
    }

    [Fact]
    public void DirectAssemblyEqualsCooAssemblyExactly()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 300; trial++)
        {
            int n = 1 + random.Next(20), m = random.Next(10);
            double density = trial % 3 == 0 ? 1 : random.NextDouble();
            var h = RandomSparse(random, n, n, density, symmetric: true);
            var g = RandomSparse(random, m, n, random.NextDouble(), symmetric: false);
            double shift = trial % 2 == 0 ? 0 : random.NextDouble();
            double regularization = trial % 4 < 2 ? 0 : random.NextDouble();
            var expected = ViaCoo(h, g, shift, regularization);
            var actual = KktMatrix.Assemble(h, g, shift, regularization);
            Assert.Equal(expected.RowPointers.ToArray(), actual.RowPointers.ToArray());
            Assert.Equal(expected.ColumnIndices.ToArray(), actual.ColumnIndices.ToArray());
            Assert.Equal(expected.Values.ToArray(), actual.Values.ToArray());
        }
    }
}
