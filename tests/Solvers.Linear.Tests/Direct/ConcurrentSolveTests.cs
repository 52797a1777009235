using Solvers.Linear.Direct;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Direct;

/// <summary>
/// <see cref="SparseFactor.Solve(ReadOnlySpan{double}, Span{double})"/> is documented as safe to call from several
/// threads at once with one factor: many concurrent solves must give, bit for bit, the solutions of the same solves
/// done one after another.
/// </summary>
public class ConcurrentSolveTests
{
    public static TheoryData<string> Methods() => ["cholesky", "ldlt", "lu"];

    [Theory]
    [MemberData(nameof(Methods))]
    public void ConcurrentSolvesEqualSequentialOnes(string method)
    {
        CsrMatrix a = method == "lu" ? RandomMatrices.Nonsymmetric(600, 6, 3) : DirectTestMatrices.SpdWithDenseBlock(600, 4, 40, 3);
        SparseFactor factor = method switch
        {
            "cholesky" => SparseCholesky.Factorize(a),
            "ldlt" => SparseLdlt.Analyze(a).FactorizeLdlt(a),
            _ => SparseLu.Analyze(a).Factorize(a),
        };
        const int count = 64;
        var rhs = Enumerable.Range(0, count).Select(k => RandomMatrices.Vector(a.RowCount, 100 + k)).ToArray();
        var sequential = rhs.Select(b => { var x = new double[b.Length]; factor.Solve(b, x); return x; }).ToArray();
        var concurrent = new double[count][];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
        {
            var x = new double[rhs[k].Length];
            for (int repeat = 0; repeat < 3; repeat++) factor.Solve(rhs[k], x);
            concurrent[k] = x;
        });
        for (int k = 0; k < count; k++)
            Assert.True(sequential[k].AsSpan().SequenceEqual(concurrent[k]), $"{method}: right-hand side {k} differs when solved concurrently");
        Assert.True(RandomMatrices.RelativeResidual(a, rhs[0], sequential[0]) < 1e-12);
    }
}
