using Solvers.Constrained.Problems;
using Solvers.Constrained.SketchedAugmentedLagrangian;
using static Solvers.Constrained.Problems.Jet;

namespace Solvers.Constrained.Tests.SketchedAugmentedLagrangian;

public class MeritAndStatusTests
{
    [Theory]
    [InlineData("hs6")]
    [InlineData("hs40")]
    [InlineData("hs77")]
    [InlineData("hs78")]
    public void MeritGradientMatchesFiniteDifferences(string name)
    {
        var problem = HockSchittkowski.Create(name).Problem;
        int n = problem.VariableCount, m = problem.ConstraintCount;
        var x = problem.InitialPoint();
        var lambda = Enumerable.Range(0, m).Select(j => 0.3 + 0.2 * j).ToArray();
        const double mu = 2.0, nu = 0.3;
        var gx = new double[n];
        var gl = new double[m];
        ExactAugmentedLagrangian.Gradient(problem, x, lambda, mu, nu, gx, gl);
        for (int i = 0; i < n + m; i++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(i < n ? x[i] : lambda[i - n]));
            var xp = (double[])x.Clone(); var xm = (double[])x.Clone();
            var lp = (double[])lambda.Clone(); var lm = (double[])lambda.Clone();
            if (i < n) { xp[i] += h; xm[i] -= h; } else { lp[i - n] += h; lm[i - n] -= h; }
            double fd = (ExactAugmentedLagrangian.Value(problem, xp, lp, mu, nu) - ExactAugmentedLagrangian.Value(problem, xm, lm, mu, nu)) / (2 * h);
            double supplied = i < n ? gx[i] : gl[i - n];
            Assert.True(Math.Abs(fd - supplied) <= 1e-6 * Math.Max(1, Math.Abs(fd)), $"{name} entry {i}: {supplied} vs {fd}");
        }
    }

    [Fact]
    public void InconsistentConstraintsEndWithClearStatus()
    {
        // x1 + x2 = 1 and x1 + x2 = 2 cannot both hold.
        var problem = new AlgebraicProblem("inconsistent", [0.3, -0.2], 2,
            x => Square(x[0]) + Square(x[1]),
            x => [x[0] + x[1] - 1, x[0] + x[1] - 2]);
        var result = AdaSketchNewton.Solve(problem, new AdaSketchOptions { MaxOuterIterations = 200 });
        Assert.False(result.Converged);
        Assert.Equal(ConstrainedStatus.Infeasible, result.Status);
        Assert.Contains("inconsistent", result.Message);
        Assert.Equal(2, result.X.Length);
        // It stops near the point where ||c|| is least: x1 + x2 = 1.5, residuals (0.5, -0.5), ||c|| = sqrt(1/2).
        Assert.Equal(1.5, result.X[0] + result.X[1], 1e-2);
        Assert.Equal(Math.Sqrt(0.5), result.KktFeasibility, 1e-3);

        var strict = AdaSketchNewton.Solve(problem, new AdaSketchOptions { StopOnSingularJacobian = true });
        Assert.Equal(ConstrainedStatus.SingularJacobian, strict.Status);
    }

    [Fact]
    public void NaNFromCallbackIsAStatusWithLastIterate()
    {
        // log(x1) is NaN for x1 < 0; a full step from x1 = 0.5 toward the constraint x1 = -1 hits it.
        var problem = new AlgebraicProblem("nan", [0.5, 0.5], 1,
            x => Log(x[0]) + Square(x[1]),
            x => [x[0] + 1]);
        var result = AdaSketchNewton.Solve(problem, new AdaSketchOptions { MaxOuterIterations = 50 });
        Assert.False(result.Converged);
        Assert.True(result.X.All(double.IsFinite));
        Assert.True(double.IsFinite(result.Objective));

        var bad = new AlgebraicProblem("nan-start", [-1.0], 1, x => Log(x[0]), x => [x[0] + 1]);
        Assert.Equal(ConstrainedStatus.NaNOrInfinity, AdaSketchNewton.Solve(bad).Status);
    }

    [Fact]
    public void MaxIterationsIsAStatus()
    {
        var test = HockSchittkowski.Create("hs26");
        var result = AdaSketchNewton.Solve(test.Problem, new AdaSketchOptions { MaxOuterIterations = 2, Tolerance = 1e-10 });
        Assert.Equal(ConstrainedStatus.MaxIterations, result.Status);
        Assert.Equal(2, result.OuterIterations);
    }

    [Fact]
    public void GaussianVariantSolvesHs6()
    {
        var result = AdaSketchNewton.Solve(HockSchittkowski.Create("hs6").Problem, new AdaSketchOptions { InnerSolver = InnerSolverKind.GaussianSketch, Tolerance = 1e-6 });
        Assert.Equal(ConstrainedStatus.Converged, result.Status);
        Assert.True(Math.Abs(result.Objective) < 1e-6);
    }

    [Fact]
    public void BadOptionsAreArgumentExceptions()
    {
        var p = HockSchittkowski.Create("hs6").Problem;
        Assert.Throws<ArgumentException>(() => AdaSketchNewton.Solve(p, new AdaSketchOptions { Beta = 0.7 }));
        Assert.Throws<ArgumentException>(() => AdaSketchNewton.Solve(p, new double[3]));
        Assert.Throws<ArgumentException>(() => HockSchittkowski.Create("hs999"));
    }
}
