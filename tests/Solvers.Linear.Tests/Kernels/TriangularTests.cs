using MathNet.Numerics.LinearAlgebra;
using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Kernels;

public class TriangularTests
{
    [Fact]
    public void LowerAndUpperSolvesMatchDenseSubstitution()
    {
        var a = RandomMatrices.Sparse(60, 5, 11, i => 2 + i % 3, symmetric: false);
        var dense = a.ToMathNetDense();
        var lower = Matrix<double>.Build.DenseOfMatrix(dense.LowerTriangle());
        var upper = Matrix<double>.Build.DenseOfMatrix(dense.UpperTriangle());
        var b = RandomMatrices.Vector(60, 12);
        var scale = a.Diagonal().Select(d => 1 / d).ToArray();

        // Row-scaled strict parts: T_ik = a_ik / a_ii.
        (int[] rp, int[] ci, double[] va) Strict(bool isLower)
        {
            var coo = new CooMatrix(60, 60);
            for (int i = 0; i < 60; i++)
                for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++)
                {
                    int j = a.ColumnIndices[k];
                    if (isLower ? j < i : j > i) coo.Add(i, j, a.Values[k] * scale[i]);
                }
            var t = coo.ToCsr();
            return (t.RowPointers.ToArray(), t.ColumnIndices.ToArray(), t.Values.ToArray());
        }

        var (lrp, lci, lva) = Strict(true);
        var x = new double[60];
        Triangular.LowerSolve(lrp, lci, lva, scale, b, x);
        var expected = lower.Solve(Vector<double>.Build.DenseOfArray(b));
        Assert.True(RandomMatrices.MaxAbsDifference(x, expected.ToArray()) < 1e-10);

        var (urp, uci, uva) = Strict(false);
        b.CopyTo(x, 0);
        Triangular.UpperSolve(urp, uci, uva, scale, x, x);
        expected = upper.Solve(Vector<double>.Build.DenseOfArray(b));
        Assert.True(RandomMatrices.MaxAbsDifference(x, expected.ToArray()) < 1e-10);

        var w = RandomMatrices.Vector(60, 13);
        var y = new double[60];
        double dot = Triangular.UpperSolveDot(urp, uci, uva, scale, b, y, w);
        Assert.True(RandomMatrices.MaxAbsDifference(y, x) < 1e-14);
        Assert.Equal(w.Zip(x, (p, q) => p * q).Sum(), dot, 10);
    }
}
