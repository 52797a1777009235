using Solvers.Linear.Generators;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Preconditioners;

/// <summary>
/// The IC(0) and ILU(0) constructors were rewritten for speed (fewer passes and arrays, no branch in the update
/// loop); they must produce exactly the factors of the first implementations, kept as FactorReference.
/// </summary>
public class IncompleteFactorSetupTests
{
    public static TheoryData<string> SymmetricMatrices() => ["1138_bus.mtx", "gr_30_30.mtx", "crystm01.mtx", "bcsstk25.mtx"];

    public static TheoryData<string> AllMatrices() =>
        ["1138_bus.mtx", "gr_30_30.mtx", "crystm01.mtx", "bcsstk25.mtx", "sherman5.mtx", "hor_131.mtx"];

    private static void SameTriangle(StrictTriangle expected, StrictTriangle actual)
    {
        Assert.Equal(expected.RowPointers, actual.RowPointers);
        Assert.Equal(expected.ColumnIndices, actual.ColumnIndices);
        SameValues(expected.Values, actual.Values);
    }

    /// <summary>Equal to the last bit (Equals: +0 and -0 count as equal).</summary>
    private static void SameValues(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
            if (!expected[k].Equals(actual[k]))
                Assert.Fail($"entry {k}: expected {expected[k]:R}, got {actual[k]:R}");
    }

    private static void SameAsReference(CsrMatrix a, IncompleteCholeskyOptions? options = null)
    {
        var reference = IncompleteCholesky.FactorReference(a, options);
        var ic = new IncompleteCholesky(a, options);
        SameTriangle(reference.Lower, ic.LowerFactor);
        SameTriangle(reference.Upper, ic.UpperFactor);
        SameValues(reference.InverseSquaredDiagonal, ic.InverseSquaredDiagonal);
        Assert.Equal(reference.Shift, ic.Shift);
        Assert.Equal(reference.Restarts, ic.Restarts);
    }

    private static void SameAsReference(CsrMatrix a)
    {
        var reference = IncompleteLu.FactorReference(a);
        var ilu = new IncompleteLu(a);
        SameTriangle(reference.Lower, ilu.LowerFactor);
        SameTriangle(reference.Upper, ilu.UpperFactor);
        SameValues(reference.InverseDiagonal, ilu.InverseDiagonal);
        Assert.Equal(reference.Replaced, ilu.ReplacedPivots);
    }

    [Theory]
    [MemberData(nameof(SymmetricMatrices))]
    public void IncompleteCholeskyMatchesTheReferenceOnTheTestMatrices(string file) => SameAsReference(TestData.Matrix(file), null);

    [Fact]
    public void IncompleteCholeskyMatchesTheReferenceOnGeneratedMatrices()
    {
        SameAsReference(Poisson.TwoD(17), null);
        SameAsReference(Poisson.ThreeD(6), null);
        SameAsReference(RandomMatrices.Spd(300, 6, 7), null);
        SameAsReference(RandomMatrices.Spd(1, 0, 7), null);
    }

    [Fact]
    public void IncompleteCholeskyMatchesTheReferenceWhenItRestartsWithAShift()
    {
        // A random symmetric matrix with a weak diagonal: IC(0) breaks down and restarts with shifts.
        var a = RandomMatrices.Sparse(200, 5, 11, _ => 1.0, symmetric: true);
        var options = new IncompleteCholeskyOptions { InitialShift = 1e-4 };
        SameAsReference(a, options);
        Assert.True(new IncompleteCholesky(a, options).Restarts > 1);
    }

    [Fact]
    public void IncompleteCholeskyReadsOnlyTheLowerTriangle()
    {
        var a = RandomMatrices.Spd(150, 5, 3);
        var lower = new CooMatrix(a.RowCount, a.ColumnCount);
        for (int i = 0; i < a.RowCount; i++)
            for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++)
                if (a.ColumnIndices[k] <= i) lower.Add(i, a.ColumnIndices[k], a.Values[k]);
        var full = new IncompleteCholesky(a);
        var half = new IncompleteCholesky(lower.ToCsr());
        SameTriangle(full.LowerFactor, half.LowerFactor);
        SameTriangle(full.UpperFactor, half.UpperFactor);
        SameValues(full.InverseSquaredDiagonal, half.InverseSquaredDiagonal);
    }

    [Fact]
    public void IncompleteCholeskyNamesTheFirstRowWithoutAPositiveDiagonal()
    {
        var coo = new CooMatrix(3, 3);
        coo.Add(0, 0, 2);
        coo.Add(1, 0, -1);
        coo.Add(0, 1, -1);
        coo.Add(2, 2, 2);   // (1, 1) not stored
        Assert.Contains("(1, 1)", Assert.Throws<ArgumentException>(() => new IncompleteCholesky(coo.ToCsr())).Message);
    }

    [Theory]
    [MemberData(nameof(AllMatrices))]
    public void IncompleteLuMatchesTheReferenceOnTheTestMatrices(string file) => SameAsReference(TestData.Matrix(file));

    [Fact]
    public void IncompleteLuMatchesTheReferenceOnGeneratedMatrices()
    {
        SameAsReference(Poisson.TwoD(13));
        SameAsReference(RandomMatrices.Nonsymmetric(400, 7, 5));
        SameAsReference(RandomMatrices.Nonsymmetric(1, 0, 5));
    }

    [Fact]
    public void IncompleteLuMatchesTheReferenceWhenItReplacesPivots()
    {
        // [[1, 1], [1, 1]]: the second pivot cancels to exactly zero and is replaced.
        var coo = new CooMatrix(3, 3);
        coo.Add(0, 0, 1);
        coo.Add(0, 1, 1);
        coo.Add(1, 0, 1);
        coo.Add(1, 1, 1);
        coo.Add(1, 2, 2);
        coo.Add(2, 1, 3);
        coo.Add(2, 2, 4);
        var a = coo.ToCsr();
        SameAsReference(a);
        Assert.Equal(1, new IncompleteLu(a).ReplacedPivots);
        var weak = RandomMatrices.Sparse(300, 6, 9, _ => 1e-3, symmetric: false);
        SameAsReference(weak);
    }

    [Fact]
    public void IncompleteLuNamesTheFirstRowWithAZeroOrMissingDiagonal()
    {
        var coo = new CooMatrix(3, 3);
        coo.Add(0, 0, 2);
        coo.Add(1, 0, -1);
        coo.Add(1, 1, 0.0);
        coo.Add(2, 2, 2);
        coo.Add(2, 1, 1);
        var message = Assert.Throws<ArgumentException>(() => new IncompleteLu(coo.ToCsr())).Message;
        Assert.Contains("(1, 1)", message);
        var missing = new CooMatrix(3, 3);
        missing.Add(0, 0, 2);
        missing.Add(1, 1, 2);
        missing.Add(2, 0, 1);
        Assert.Contains("(2, 2)", Assert.Throws<ArgumentException>(() => new IncompleteLu(missing.ToCsr())).Message);
        Assert.Throws<ArgumentException>(() => new IncompleteLu(CsrMatrix.FromArrays(2, 3, [0, 1, 2], [0, 1], [1.0, 1.0])));
    }
}
