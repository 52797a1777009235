using Solvers.Linear.Direct;
using Solvers.Linear.Generators;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Direct;

public class DirectSolverTests
{
    public static TheoryData<string, DirectMethod> RealMatrixCases()
    {
        var data = new TheoryData<string, DirectMethod>();
        foreach (var (file, _, _, symmetric) in TestData.Matrices)
        {
            data.Add(file, DirectMethod.Lu);
            if (symmetric)
            {
                data.Add(file, DirectMethod.Cholesky);
                data.Add(file, DirectMethod.Ldlt);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RealMatrixCases))]
    public void SolvesEveryRealMatrixWithAnIndependentlyCheckedResidual(string file, DirectMethod method)
    {
        var a = TestData.Matrix(file);
        int n = a.RowCount;
        // b = A * (1, 2, ..., n) / n computed with Math.NET; the residual is recomputed with Math.NET too.
        var exact = Enumerable.Range(1, n).Select(i => (double)i / n).ToArray();
        var b = (a.ToMathNetSparse() * MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(exact)).ToArray();
        var x = new double[n];
        var result = DirectSolver.Solve(method, a, b, x);
        double residual = RandomMatrices.RelativeResidual(a, b, x);
        Assert.True(residual <= 1e-12, $"{file} {method}: relative residual {residual:E2}");
        Assert.Equal(residual, result.RelativeResidual, 1e-13);
        Assert.True(result.FactorNonZeroCount >= n);
        Assert.True(result.FactorSeconds >= result.NumericFactorSeconds);
        Assert.Equal(DirectSolver.Name(method), result.Method);
        Assert.Equal("amd", result.Ordering);
    }

    [Theory]
    [InlineData("sherman5.mtx")]
    [InlineData("hor_131.mtx")]
    public void BothLuStrategiesSolveTheNonsymmetricMatrices(string file)
    {
        var a = TestData.Matrix(file);
        var b = RandomMatrices.Vector(a.RowCount, 5);
        foreach (var strategy in new[] { LuStrategy.Unsymmetric, LuStrategy.Symmetric })
        {
            var x = new double[a.RowCount];
            DirectSolver.Solve(DirectMethod.Lu, a, b, x, new DirectSolverOptions { LuStrategy = strategy });
            Assert.True(RandomMatrices.RelativeResidual(a, b, x) <= 1e-12, $"{file} {strategy}");
        }
    }

    [Fact]
    public void RefinementNeverMakesTheResidualWorse()
    {
        var a = TestData.Matrix("bcsstk25.mtx");
        var b = RandomMatrices.Vector(a.RowCount, 3);
        var x = new double[a.RowCount];
        var plain = DirectSolver.Solve(DirectMethod.Cholesky, a, b, x);
        var refined = DirectSolver.Solve(DirectMethod.Cholesky, a, b, x, new DirectSolverOptions { RefinementSteps = 3 });
        Assert.True(refined.RelativeResidual <= plain.RelativeResidual * (1 + 1e-12));
        Assert.InRange(refined.RefinementSteps, 0, 3);
    }

    [Fact]
    public void RefinementHelpsAnUnstableFactorization()
    {
        // A diagonal-preferring LU (tolerance 1e-6) on a matrix with a tiny diagonal pivot loses accuracy; refinement recovers it.
        var coo = new CooMatrix(3, 3);
        double[,] m = { { 1e-9, 1, 0 }, { 1, 1, 1 }, { 0, 1, 3 } };
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) if (m[i, j] != 0) coo.Add(i, j, m[i, j]);
        var a = coo.ToCsr();
        var b = new[] { 1.0, 2.0, 3.0 };
        var x = new double[3];
        var options = new DirectSolverOptions { Ordering = OrderingMethod.Natural, PivotTolerance = 1e-12 };
        var plain = DirectSolver.Solve(DirectMethod.Lu, a, b, x, options);
        var refined = DirectSolver.Solve(DirectMethod.Lu, a, b, x, options with { RefinementSteps = 5 });
        Assert.True(refined.RelativeResidual <= plain.RelativeResidual);
        Assert.True(refined.RelativeResidual < 1e-15);
    }

    [Fact]
    public void CholeskyRejectsAnAsymmetricMatrixWithAHint()
    {
        var a = RandomMatrices.Nonsymmetric(30, 3, 1);
        var e = Assert.Throws<ArgumentException>(() => DirectSolver.Solve(DirectMethod.Cholesky, a, new double[30], new double[30]));
        Assert.Contains("--method lu", e.Message);
    }

    [Fact]
    public void CheckedArguments()
    {
        var a = Poisson.TwoD(4);
        Assert.Contains("length 3", Assert.Throws<ArgumentException>(() => DirectSolver.Solve(DirectMethod.Lu, a, new double[3], new double[16])).Message);
        Assert.Contains("length 5", Assert.Throws<ArgumentException>(() => DirectSolver.Solve(DirectMethod.Lu, a, new double[16], new double[5])).Message);
        var b = new double[16];
        b[4] = double.NaN;
        Assert.Contains("entry 4", Assert.Throws<ArgumentException>(() => DirectSolver.Solve(DirectMethod.Lu, a, b, new double[16])).Message);
        Assert.Throws<ArgumentException>(() => DirectSolver.Solve(DirectMethod.Lu, a, new double[16], new double[16], new DirectSolverOptions { PivotTolerance = 2 }));
    }

    [Fact]
    public void ZeroRightHandSideGivesZero()
    {
        var a = Poisson.TwoD(5);
        var x = Enumerable.Repeat(7.0, 25).ToArray();
        var result = DirectSolver.Solve(DirectMethod.Cholesky, a, new double[25], x);
        Assert.All(x, v => Assert.Equal(0.0, v));
        Assert.Equal(0.0, result.RelativeResidual);
    }

    [Theory]
    [InlineData("cholesky", DirectMethod.Cholesky)]
    [InlineData("LDLT", DirectMethod.Ldlt)]
    [InlineData("ldl", DirectMethod.Ldlt)]
    [InlineData("lu", DirectMethod.Lu)]
    public void ParsesMethodNames(string name, DirectMethod expected)
    {
        Assert.Equal(expected, DirectSolver.Parse(name));
        Assert.True(DirectSolver.IsDirectMethod(name));
    }

    [Fact]
    public void UnknownMethodNameIsRejected()
    {
        Assert.False(DirectSolver.IsDirectMethod("pcg"));
        Assert.Contains("cholesky, ldlt or lu", Assert.Throws<ArgumentException>(() => DirectSolver.Parse("qr")).Message);
    }

    [Fact]
    public void FactorizeReturnsAReusableFactor()
    {
        var a = Poisson.TwoD(10);
        var factor = DirectSolver.Factorize(DirectMethod.Ldlt, a, new DirectSolverOptions { Ordering = OrderingMethod.ReverseCuthillMcKee });
        Assert.IsType<LdltFactor>(factor);
        factor.Refactorize(a.Scale(3));
        var x = new double[100];
        var b = RandomMatrices.Vector(100, 1);
        factor.Solve(b, x);
        Assert.True(RandomMatrices.RelativeResidual(a.Scale(3), b, x) < 1e-13);
    }
}
