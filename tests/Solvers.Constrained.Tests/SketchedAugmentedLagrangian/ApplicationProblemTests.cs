using Solvers.Constrained.Problems;
using Solvers.Constrained.SketchedAugmentedLagrangian;
using Solvers.Linear.IO;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.Tests.SketchedAugmentedLagrangian;

public class ApplicationProblemTests
{
    private static string DataFile(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "data", name);
            if (File.Exists(candidate)) return candidate;
            var local = Path.Combine(dir.FullName, "data", name);
            if (File.Exists(local)) return local;
            dir = dir.Parent;
        }
        throw new FileNotFoundException(name);
    }

    private static ConstrainedLogisticRegression Eclr(string data, int k)
    {
        var set = LibSvm.Read(DataFile(data));
        var (a, b) = LinearConstraints.Generate(k, set.FeatureCount, 2023);
        return new ConstrainedLogisticRegression($"eclr_{data}", set, a, b);
    }

    [Theory]
    [InlineData("heart.svm")]
    [InlineData("bc.svm")]
    public void EclrDerivativesMatchFiniteDifferences(string data)
    {
        var p = Eclr(data, 5);
        var x = p.InitialPoint().Select((v, i) => 0.3 * v - 0.05 * i).ToArray();
        var report = DerivativeCheck.Run(p, x, p.InitialMultipliers());
        Assert.True(report.Worst.Error < 1e-6, report.Worst.ToString());
    }

    /// <summary>
    /// f, grad f and the Lagrangian Hessian against a plain MathNet evaluation of the formulas, at points visited
    /// in an order that exercises the margin cache (new point, same point, back to an earlier point).
    /// </summary>
    [Theory]
    [InlineData("heart.svm")]
    [InlineData("bc.svm")]
    [InlineData("sparse")]
    public void EclrDerivativesMatchDenseReference(string data)
    {
        var set = data == "sparse" ? SparseData(200, 12, 0.15, 3) : LibSvm.Read(DataFile(data));
        var (a, b) = LinearConstraints.Generate(5, set.FeatureCount, 2023);
        var p = new ConstrainedLogisticRegression("eclr_" + data, set, a, b);
        int d = p.VariableCount;
        var features = set.Features.ToMathNetDense();
        var labels = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(set.BinaryLabels());
        var lambda = Enumerable.Range(0, p.ConstraintCount).Select(i => 0.5 - 0.2 * i).ToArray();
        var x1 = Enumerable.Range(0, d).Select(i => 0.3 - 0.05 * i).ToArray();
        var x2 = Enumerable.Range(0, d).Select(i => 0.1 * Math.Sin(i)).ToArray();
        foreach (var x in new[] { x1, x1, x2, x1 })
        {
            var z = labels.PointwiseMultiply(features * MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(x));
            int n = z.Count;
            double f = z.Select(t => Math.Log(1 + Math.Exp(-t))).Sum() / n;
            var grad = features.TransposeThisAndMultiply(z.Map(t => 1 / (1 + Math.Exp(t))).PointwiseMultiply(labels) * (-1.0 / n));
            var weights = z.Map(t => { double s = 1 / (1 + Math.Exp(-t)); return s * (1 - s) / n; });
            var hessian = features.TransposeThisAndMultiply(MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DiagonalOfDiagonalVector(weights) * features)
                + 2 * lambda[^1] * MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(d);

            Assert.Equal(f, p.Objective(x), 1e-13);
            var g = new double[d];
            p.Gradient(x, g);
            for (int i = 0; i < d; i++) Assert.Equal(grad[i], g[i], 1e-13);
            var h = p.LagrangianHessian(x, lambda).ToDense();
            Assert.True((h - hessian).FrobeniusNorm() <= 1e-13 * (1 + hessian.FrobeniusNorm()));
            var jac = p.Jacobian(x).ToDense();
            for (int i = 0; i < d; i++) Assert.Equal(2 * x[i], jac[p.ConstraintCount - 1, i]);
        }
    }

    /// <summary>Random data below the density at which the problem keeps dense copies (its sparse code path).</summary>
    private static LabelledData SparseData(int samples, int features, double density, int seed)
    {
        var random = new Random(seed);
        var coo = new CooMatrix(samples, features);
        var labels = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            labels[i] = i % 2 == 0 ? 1 : -1;
            for (int j = 0; j < features; j++)
                if (random.NextDouble() < density) coo.Add(i, j, random.NextDouble() * 2 - 1);
        }
        return new LabelledData(coo.ToCsr(), labels);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Pde2dDerivativesMatchFiniteDifferences(double kappa)
    {
        var p = new SemilinearControl2D(4, kappa);
        var x = Enumerable.Range(0, p.VariableCount).Select(i => Math.Sin(i)).ToArray();
        var lambda = Enumerable.Range(0, p.ConstraintCount).Select(i => Math.Cos(i)).ToArray();
        var report = DerivativeCheck.Run(p, x, lambda);
        Assert.True(report.Worst.Error < 1e-5, report.Worst.ToString());
        Assert.Equal(DerivativeStorage.Sparse, p.Jacobian(x).Storage);
    }

    [Fact]
    public void EclrHeartConvergesFeasible()
    {
        var p = Eclr("heart.svm", 5);
        var r = AdaSketchNewton.Solve(p, new AdaSketchOptions { Tolerance = 1e-6, InitialMultipliers = p.InitialMultipliers() });
        Assert.Equal(ConstrainedStatus.Converged, r.Status);
        var c = new double[p.ConstraintCount];
        p.Constraints(r.X, c);
        Assert.True(c.All(v => Math.Abs(v) <= 1e-6));
        var exact = AdaSketchNewton.Solve(p, new AdaSketchOptions { Tolerance = 1e-6, InitialMultipliers = p.InitialMultipliers(), InnerSolver = InnerSolverKind.Exact });
        Assert.Equal(exact.Objective, r.Objective, 1e-7);
    }

    [Fact]
    public void Pde2dSparseSolveConvergesWithBothInnerSolvers()
    {
        var p = new SemilinearControl2D(12);
        var exact = AdaSketchNewton.Solve(p, new AdaSketchOptions { Tolerance = 1e-6, InnerSolver = InnerSolverKind.Exact });
        Assert.Equal(ConstrainedStatus.Converged, exact.Status);
        var rk = AdaSketchNewton.Solve(p, new AdaSketchOptions { Tolerance = 1e-6, MaxInnerIterations = 20_000 });
        Assert.Equal(ConstrainedStatus.Converged, rk.Status);
        Assert.Equal(exact.Objective, rk.Objective, 1e-6);
    }

    [Fact]
    public void HessianVectorProductProblemMatchesDense()
    {
        // The same problem with its Hessian given only as a product: the solver forms it column by column.
        var dense = HockSchittkowski.Create("hs78").Problem;
        var product = new ProductHessianProblem(dense);
        var a = AdaSketchNewton.Solve(dense, new AdaSketchOptions { Tolerance = 1e-8, InnerSolver = InnerSolverKind.Exact });
        var b = AdaSketchNewton.Solve(product, new AdaSketchOptions { Tolerance = 1e-8, InnerSolver = InnerSolverKind.Exact });
        Assert.Equal(ConstrainedStatus.Converged, b.Status);
        Assert.Equal(a.Objective, b.Objective, 1e-10);
    }

    [Fact]
    public void ConstraintCsvErrorsNameLineAndField()
    {
        var (a, b) = LinearConstraints.ReadCsv(new StringReader("# A | b\n1,2,3\n\n4,5,6\n"), 2);
        Assert.Equal(2, b.Length);
        Assert.Equal(5, a[1, 1]);
        var e = Assert.Throws<FormatException>(() => LinearConstraints.ReadCsv(new StringReader("1,2,3\n1,x,3\n"), 2, "c.csv"));
        Assert.Contains("c.csv line 2, field 2", e.Message);
        e = Assert.Throws<FormatException>(() => LinearConstraints.ReadCsv(new StringReader("1,2\n"), 2, "c.csv"));
        Assert.Contains("line 1", e.Message);
        Assert.Contains("expected d + 1 = 3", e.Message);
    }

    [Fact]
    public void GeneratedConstraintsAreFeasibleOnTheSphere()
    {
        var (a, b) = LinearConstraints.Generate(10, 13, 7);
        Assert.Equal(10, b.Length);
        Assert.Equal(13, a.GetLength(1));
        Assert.Throws<ArgumentException>(() => Eclr("heart.svm", 13));
    }

    private sealed class ProductHessianProblem(IConstrainedProblem inner) : IConstrainedProblem
    {
        public string Name => inner.Name + "-hvp";
        public int VariableCount => inner.VariableCount;
        public int ConstraintCount => inner.ConstraintCount;
        public double[] InitialPoint() => inner.InitialPoint();
        public double Objective(ReadOnlySpan<double> x) => inner.Objective(x);
        public void Gradient(ReadOnlySpan<double> x, Span<double> gradient) => inner.Gradient(x, gradient);
        public void Constraints(ReadOnlySpan<double> x, Span<double> values) => inner.Constraints(x, values);
        public DerivativeMatrix Jacobian(ReadOnlySpan<double> x) => inner.Jacobian(x);
        public DerivativeMatrix LagrangianHessian(ReadOnlySpan<double> x, ReadOnlySpan<double> multipliers)
        {
            var h = inner.LagrangianHessian(x, multipliers);
            return DerivativeMatrix.FromProduct(VariableCount, (v, result) => h.Apply(v, result));
        }
    }
}
