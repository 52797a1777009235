using MathNet.Numerics.LinearAlgebra;
using Solvers.Linear.Generators;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Preconditioners;

public class PreconditionerTests
{
    /// <summary>Dense M^-1 as columns M^-1 e_j.</summary>
    private static Matrix<double> Inverse(IPreconditioner m)
    {
        int n = m.Size;
        var result = Matrix<double>.Build.Dense(n, n);
        var e = new double[n];
        var z = new double[n];
        for (int j = 0; j < n; j++)
        {
            Array.Clear(e);
            e[j] = 1;
            m.Apply(e, z);
            result.SetColumn(j, z);
        }
        return result;
    }

    [Fact]
    public void IncompleteCholeskyIsExactOnATridiagonalMatrix()
    {
        // A tridiagonal SPD matrix has no fill: IC(0) is the complete Cholesky factor, so M^-1 = A^-1.
        var coo = new CooMatrix(20, 20);
        for (int i = 0; i < 20; i++)
        {
            coo.Add(i, i, 3 + i % 4);
            if (i > 0) { coo.Add(i, i - 1, -1.2); coo.Add(i - 1, i, -1.2); }
        }
        var a = coo.ToCsr();
        var ic = new IncompleteCholesky(a);
        Assert.Equal(0, ic.Shift);
        var difference = Inverse(ic) - a.ToMathNetDense().Inverse();
        Assert.True(difference.InfinityNorm() < 1e-12);
    }

    [Fact]
    public void IncompleteCholeskyMatchesDenseRecurrenceOnPoissonPattern()
    {
        // Reference IC(0): dense Cholesky recurrence with entries outside the pattern of A dropped.
        var a = Poisson.TwoD(6);
        int n = a.RowCount;
        var l = Matrix<double>.Build.Dense(n, n);
        for (int j = 0; j < n; j++)
        {
            double d = a[j, j];
            for (int k = 0; k < j; k++) d -= l[j, k] * l[j, k];
            l[j, j] = Math.Sqrt(d);
            for (int i = j + 1; i < n; i++)
            {
                if (a[i, j] == 0) continue;
                double s = a[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = s / l[j, j];
            }
        }
        var expected = (l * l.Transpose()).Inverse();
        Assert.True((Inverse(new IncompleteCholesky(a)) - expected).InfinityNorm() < 1e-10);
    }

    [Fact]
    public void IncompleteLuIsExactWithoutFillAndMatchesDenseRecurrence()
    {
        var a = RandomMatrices.Nonsymmetric(30, 3, 4);
        int n = a.RowCount;
        var lu = a.ToMathNetDense().Clone();
        for (int i = 1; i < n; i++)
            for (int k = 0; k < i; k++)
            {
                if (a[i, k] == 0) continue;
                lu[i, k] /= lu[k, k];
                for (int j = k + 1; j < n; j++)
                    if (a[i, j] != 0) lu[i, j] -= lu[i, k] * lu[k, j];
            }
        var lower = lu.StrictlyLowerTriangle() + Matrix<double>.Build.DenseIdentity(n);
        var upper = lu.UpperTriangle();
        var expected = (lower * upper).Inverse();
        var ilu = new IncompleteLu(a);
        Assert.Equal(0, ilu.ReplacedPivots);
        Assert.True((Inverse(ilu) - expected).InfinityNorm() < 1e-10 * expected.InfinityNorm());
    }

    [Fact]
    public void SsorMatchesItsDefinition()
    {
        var a = RandomMatrices.Spd(25, 3, 2);
        double w = 1.3;
        var dense = a.ToMathNetDense();
        var d = Matrix<double>.Build.DenseOfDiagonalArray(a.Diagonal());
        var lower = dense.StrictlyLowerTriangle();
        var upper = dense.StrictlyUpperTriangle();
        var m = (d + w * lower) * d.Inverse() * (d + w * upper) / (w * (2 - w));
        Assert.True((Inverse(new SsorPreconditioner(a, w)) - m.Inverse()).InfinityNorm() < 1e-10);
    }

    [Fact]
    public void SorMatchesItsDefinition()
    {
        var a = RandomMatrices.Nonsymmetric(25, 3, 6);
        double w = 1.4;
        var dense = a.ToMathNetDense();
        var d = Matrix<double>.Build.DenseOfDiagonalArray(a.Diagonal());
        var m = d / w + dense.StrictlyLowerTriangle();
        Assert.True((Inverse(new SorPreconditioner(a, w)) - m.Inverse()).InfinityNorm() < 1e-10);
        Assert.Equal(PreconditionerKind.Sor, Preconditioner.Parse("sor"));
    }

    [Fact]
    public void JacobiDividesByTheDiagonal()
    {
        var a = RandomMatrices.Spd(10, 2, 1);
        var r = RandomMatrices.Vector(10, 2);
        var z = new double[10];
        new JacobiPreconditioner(a).Apply(r, z);
        for (int i = 0; i < 10; i++) Assert.Equal(r[i] / a[i, i], z[i], 14);
    }

    [Fact]
    public void ZeroDiagonalIsRejectedWithTheRowNamed()
    {
        var a = CsrMatrix.FromArrays(3, 3, [0, 1, 2, 3], [0, 2, 2], [1.0, 1.0, 1.0]);
        Assert.Contains("(1, 1)", Assert.Throws<ArgumentException>(() => new JacobiPreconditioner(a)).Message);
        Assert.Contains("(1, 1)", Assert.Throws<ArgumentException>(() => new SsorPreconditioner(a)).Message);
        Assert.Contains("(1, 1)", Assert.Throws<ArgumentException>(() => new IncompleteLu(a)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SsorPreconditioner(Poisson.TwoD(3), 2.0));
        Assert.Contains("positive diagonal", Assert.Throws<ArgumentException>(() => new IncompleteCholesky(Poisson.TwoD(3).Scale(-1))).Message);
    }

    [Fact]
    public void IncompleteCholeskyShiftsWhenItBreaksDown()
    {
        // Kershaw's matrix (J. Comput. Phys. 26, 1978): SPD, yet IC(0) on its pattern meets a negative pivot.
        int n = 4;
        double[,] k = { { 3, -2, 0, 2 }, { -2, 3, -2, 0 }, { 0, -2, 3, -2 }, { 2, 0, -2, 3 } };
        var coo = new CooMatrix(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (k[i, j] != 0) coo.Add(i, j, k[i, j]);
        var a = coo.ToCsr();
        Assert.True(a.ToMathNetDense().Evd().EigenValues.Real().Minimum() > 0, "test matrix must be SPD");
        var ic = new IncompleteCholesky(a);
        Assert.True(ic.Shift > 0);
        Assert.Contains("shift", ic.Remark);
        var x = new double[n];
        var b = RandomMatrices.Vector(n, 1);
        var result = Linear.Krylov.ConjugateGradient.Solve(a, b, x, ic, new Linear.Solving.SolverOptions { RelativeTolerance = 1e-12 });
        Assert.True(result.Converged);
        Assert.Contains("shift", result.Message);
        Assert.True(RandomMatrices.RelativeResidual(a, b, x) <= 1e-12);
    }
}
