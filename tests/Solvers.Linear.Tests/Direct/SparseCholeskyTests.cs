using MathNet.Numerics.LinearAlgebra;
using Solvers.Linear.Direct;
using Solvers.Linear.Generators;
using Solvers.Linear.Storage;
using static Solvers.Linear.Tests.Direct.DirectTestMatrices;

namespace Solvers.Linear.Tests.Direct;

public class SparseCholeskyTests
{
    [Fact]
    public void HasPatternComparesSizeRowPointersAndColumns()
    {
        var a = RandomMatrices.Spd(60, 3, 11);
        var symbolic = SparseCholesky.Analyze(a);
        Assert.True(symbolic.HasPattern(a));
        Assert.True(symbolic.HasPattern(a.Scale(2)));                 // same pattern, other values
        Assert.False(symbolic.HasPattern(RandomMatrices.Spd(60, 3, 12))); // other pattern, same size
        Assert.False(symbolic.HasPattern(RandomMatrices.Spd(61, 3, 11))); // other size
    }

    [Theory]
    [InlineData(1, 0, 0, 1)]
    [InlineData(40, 2, 0, 2)]
    [InlineData(150, 3, 0, 3)]
    [InlineData(200, 2, 40, 4)]
    [InlineData(300, 1, 120, 5)]
    public void SolveEqualsDenseCholeskyOnRandomSpd(int n, int perRow, int denseBlock, int seed)
    {
        var a = SpdWithDenseBlock(n, perRow, denseBlock, seed);
        var b = RandomMatrices.Vector(n, seed + 100);
        foreach (var ordering in new[] { OrderingMethod.Amd, OrderingMethod.ReverseCuthillMcKee, OrderingMethod.Natural })
        {
            var factor = SparseCholesky.Factorize(a, ordering);
            var x = new double[n];
            factor.Solve(b, x);
            var reference = a.ToMathNetDense().Cholesky().Solve(Dense(b));
            Assert.True(RandomMatrices.MaxAbsDifference(x, reference.ToArray()) < 1e-10 * (1 + reference.AbsoluteMaximum()),
                $"{ordering}: differs from dense Cholesky");
        }
    }

    [Fact]
    public void SolvesWithUnitVectorsGiveTheDenseInverse()
    {
        var a = SpdWithDenseBlock(120, 2, 30, 11);
        var factor = SparseCholesky.Factorize(a);
        var inverse = a.ToMathNetDense().Inverse();
        var x = new double[120];
        var e = new double[120];
        for (int j = 0; j < 120; j += 17)
        {
            Array.Clear(e);
            e[j] = 1;
            factor.Solve(e, x);
            for (int i = 0; i < 120; i++) Assert.Equal(inverse[i, j], x[i], 1e-10);
        }
    }

    [Theory]
    [InlineData(OrderingMethod.Amd)]
    [InlineData(OrderingMethod.ReverseCuthillMcKee)]
    [InlineData(OrderingMethod.Natural)]
    public void FillCountEqualsDenseSymbolicElimination(OrderingMethod ordering)
    {
        foreach (var a in new[] { Poisson.TwoD(9), SpdWithDenseBlock(70, 2, 10, 3), RandomMatrices.Spd(60, 4, 9) })
        {
            var symbolic = SparseCholesky.Analyze(a, ordering);
            var counts = DenseColumnCounts(a, symbolic.Permutation.NewToOld);
            Assert.Equal(counts.Sum(), symbolic.NonZeroCount);
            Assert.Equal(counts.Sum(c => (double)c * c), symbolic.FlopCount);
            Assert.True(symbolic.StoredCount >= symbolic.NonZeroCount);
        }
    }

    [Fact]
    public void ThreeDimensionalPoissonWithWideSupernodes()
    {
        // 3-D separators give supernodes hundreds of columns wide: the recursive panel and the packed kernel's
        // depth slices are all exercised. Checked against the manufactured solution.
        var a = Poisson.ThreeD(18);
        int n = a.RowCount;
        var exact = RandomMatrices.Vector(n, 12);
        var b = Times(a, exact);
        var symbolic = SparseCholesky.Analyze(a);
        var factor = symbolic.Factorize(a);
        var x = new double[n];
        factor.Solve(b, x);
        Assert.True(RandomMatrices.MaxAbsDifference(x, exact) < 1e-10);
        Assert.True(RandomMatrices.RelativeResidual(a, b, x) < 1e-14);
        Assert.True(symbolic.NonZeroCount < SparseCholesky.Analyze(a, OrderingMethod.Natural).NonZeroCount);
    }

    [Fact]
    public void RelaxedAndFundamentalSupernodesGiveTheSameSolution()
    {
        var a = Poisson.TwoD(25);
        var b = RandomMatrices.Vector(a.RowCount, 1);
        var relaxed = SparseCholesky.Analyze(a, OrderingMethod.Amd, SupernodeRelaxation.Default);
        var exact = SparseCholesky.Analyze(a, OrderingMethod.Amd, SupernodeRelaxation.None);
        Assert.Equal(exact.NonZeroCount, exact.StoredCount);
        Assert.Equal(exact.NonZeroCount, relaxed.NonZeroCount);
        Assert.True(relaxed.SupernodeCount < exact.SupernodeCount);
        var x1 = new double[a.RowCount];
        var x2 = new double[a.RowCount];
        relaxed.Factorize(a).Solve(b, x1);
        exact.Factorize(a).Solve(b, x2);
        Assert.True(RandomMatrices.MaxAbsDifference(x1, x2) < 1e-12);
    }

    [Fact]
    public void RefactorizationEqualsAFreshFactorization()
    {
        var a = SpdWithDenseBlock(200, 3, 25, 21);
        var b = RandomMatrices.Vector(200, 22);
        var factor = SparseCholesky.Factorize(a);
        // Same pattern, new values: scale and add to the diagonal (still SPD).
        var values = a.Values.ToArray();
        for (int i = 0; i < 200; i++) values[a.IndexOf(i, i)] += 3 + i % 7;
        for (int k = 0; k < values.Length; k++) values[k] *= 1.5;
        var a2 = a.WithValues(values);
        factor.Refactorize(a2);
        var fresh = SparseCholesky.Factorize(a2);
        var x1 = new double[200];
        var x2 = new double[200];
        factor.Solve(b, x1);
        fresh.Solve(b, x2);
        Assert.Equal(x2, x1);   // the same arithmetic in the same order: bitwise equal
        Assert.True(RandomMatrices.RelativeResidual(a2, b, x1) < 1e-13);
    }

    [Fact]
    public void AFailedRefactorizationBlocksSolvesUntilTheNextSuccess()
    {
        var a = Poisson.TwoD(8);
        var factor = SparseCholesky.Factorize(a);
        Assert.True(factor.IsValid);
        var values = a.Values.ToArray();
        values[a.IndexOf(10, 10)] = -50;
        Assert.Throws<MatrixNotPositiveDefiniteException>(() => factor.Refactorize(a.WithValues(values)));
        Assert.False(factor.IsValid);
        var b = RandomMatrices.Vector(64, 1);
        var x = new double[64];
        Assert.Contains("refactorisation failed", Assert.Throws<InvalidOperationException>(() => factor.Solve(b, x)).Message);
        factor.Refactorize(a);
        Assert.True(factor.IsValid);
        factor.Solve(b, x);
        Assert.True(RandomMatrices.RelativeResidual(a, b, x) < 1e-13);
    }

    [Fact]
    public void RefactorizationRejectsAnotherPattern()
    {
        var factor = SparseCholesky.Factorize(Poisson.TwoD(6));
        var e = Assert.Throws<ArgumentException>(() => factor.Refactorize(Poisson.TwoD(7)));
        Assert.Contains("36 x 36", e.Message);
        var other = RandomMatrices.Spd(36, 2, 3);
        Assert.Contains("pattern differs", Assert.Throws<ArgumentException>(() => factor.Refactorize(other)).Message);
    }

    [Fact]
    public void SymbolicAnalysisIsReusableAcrossFactors()
    {
        var a = Poisson.TwoD(15);
        var symbolic = SparseCholesky.Analyze(a);
        var f1 = symbolic.Factorize(a);
        var f2 = symbolic.Factorize(a.Scale(2));
        var b = RandomMatrices.Vector(a.RowCount, 4);
        var x1 = new double[a.RowCount];
        var x2 = new double[a.RowCount];
        f1.Solve(b, x1);
        f2.Solve(b, x2);
        for (int i = 0; i < x1.Length; i++) Assert.Equal(x1[i], 2 * x2[i], 1e-12);
    }

    [Fact]
    public void MultipleRightHandSidesEqualSingleSolves()
    {
        var a = SpdWithDenseBlock(90, 2, 20, 31);
        var factor = SparseCholesky.Factorize(a);
        var b = Matrix<double>.Build.Random(90, 4, 32);
        var x = factor.Solve(b);
        var reference = a.ToMathNetDense().Cholesky().Solve(b);
        Assert.True((x - reference).FrobeniusNorm() < 1e-10 * reference.FrobeniusNorm());

        var packed = b.ToColumnMajorArray();
        var result = new double[packed.Length];
        factor.Solve(packed, result, 4);
        Assert.Equal(x.ToColumnMajorArray(), result);
        Assert.Throws<ArgumentException>(() => factor.Solve(packed, result, 3));
    }

    [Fact]
    public void NotPositiveDefiniteNamesTheColumnAndHintsAtLdltAndLu()
    {
        // SPD except one negative diagonal entry in a decoupled column: the pivot of that column is negative.
        var coo = new CooMatrix(5, 5);
        for (int i = 0; i < 5; i++) coo.Add(i, i, i == 3 ? -2.0 : 4.0);
        coo.Add(0, 1, 1); coo.Add(1, 0, 1);
        var a = coo.ToCsr();
        foreach (var ordering in new[] { OrderingMethod.Amd, OrderingMethod.Natural, OrderingMethod.ReverseCuthillMcKee })
        {
            var e = Assert.Throws<MatrixNotPositiveDefiniteException>(() => SparseCholesky.Factorize(a, ordering));
            Assert.Equal(3, e.Column);
            Assert.Equal(-2.0, e.Pivot);
            Assert.Contains("column 3", e.Message);
            Assert.Contains("LDL^T", e.Hint);
            Assert.Contains("LU", e.Message);
            Assert.IsAssignableFrom<ArithmeticException>(e);
        }
    }

    [Fact]
    public void IndefiniteMatrixFailsInALaterColumn()
    {
        // [[1, 2], [2, 1]]: the second pivot is 1 - 4 = -3.
        var a = CsrMatrix.FromArrays(2, 2, [0, 2, 4], [0, 1, 0, 1], [1.0, 2.0, 2.0, 1.0]);
        var e = Assert.Throws<MatrixNotPositiveDefiniteException>(() => SparseCholesky.Factorize(a, OrderingMethod.Natural));
        Assert.Equal(1, e.Column);
        Assert.Equal(-3.0, e.Pivot, 12);
    }

    [Fact]
    public void StructurallySingularMatrixIsReportedAsSuch()
    {
        // Row and column 2 are empty.
        var coo = new CooMatrix(4, 4);
        coo.Add(0, 0, 2); coo.Add(1, 1, 2); coo.Add(3, 3, 2);
        coo.Add(0, 3, 1); coo.Add(3, 0, 1);
        var e = Assert.Throws<SingularMatrixException>(() => SparseCholesky.Factorize(coo.ToCsr()));
        Assert.True(e.IsStructural);
        Assert.Equal(2, e.Column);
        Assert.Contains("structurally singular", e.Message);
    }

    [Fact]
    public void RejectsNonSquareAndWrongLengths()
    {
        var rect = CsrMatrix.FromArrays(2, 3, [0, 1, 2], [0, 1], [1.0, 1.0]);
        Assert.Contains("square", Assert.Throws<ArgumentException>(() => SparseCholesky.Analyze(rect)).Message);
        var factor = SparseCholesky.Factorize(Poisson.TwoD(3));
        Assert.Contains("length 8", Assert.Throws<ArgumentException>(() => factor.Solve(new double[8], new double[9])).Message);
    }

    [Fact]
    public void ReportsFillFlopsAndTimes()
    {
        var a = Poisson.TwoD(30);
        var factor = SparseCholesky.Factorize(a);
        Assert.Equal(factor.Symbolic.NonZeroCount, factor.NonZeroCount);
        Assert.True(factor.NonZeroCount > a.NonZeroCount / 2);
        Assert.True(factor.FlopCount > factor.NonZeroCount);
        Assert.True(factor.FactorSeconds >= 0);
        Assert.True(factor.AnalyzeSeconds > 0);
        Assert.Equal("cholesky", factor.Method);
        Assert.Equal(a.RowCount, factor.Permutation.Length);
    }
}
