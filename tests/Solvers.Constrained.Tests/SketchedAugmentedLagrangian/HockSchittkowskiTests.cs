using Solvers.Constrained.Problems;
using Solvers.Constrained.SketchedAugmentedLagrangian;
using Xunit.Abstractions;

namespace Solvers.Constrained.Tests.SketchedAugmentedLagrangian;

public class HockSchittkowskiTests(ITestOutputHelper output)
{
    public static TheoryData<string> Names => new(HockSchittkowski.Names.Concat(BoggsTolle.Names));

    private static TestProblem Create(string name) => name.StartsWith("bt", StringComparison.Ordinal) ? BoggsTolle.Create(name) : HockSchittkowski.Create(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void DerivativesMatchFiniteDifferences(string name)
    {
        var problem = Create(name).Problem;
        var report = DerivativeCheck.Run(problem);
        output.WriteLine(report.Worst.ToString());
        Assert.True(report.Worst.Error < 1e-5, report.Worst.ToString());

        // A second, seeded point away from x0 (where some terms vanish by symmetry), with mixed-sign multipliers.
        var rng = new Random(name.Length * 31 + name[^1]);
        var x = problem.InitialPoint().Select(v => v + 0.05 * (Math.Abs(v) + 0.1) * (2 * rng.NextDouble() - 1)).ToArray();
        var lambda = Enumerable.Range(0, problem.ConstraintCount).Select(_ => 4 * rng.NextDouble() - 2).ToArray();
        var moved = DerivativeCheck.Run(problem, x, lambda);
        output.WriteLine(moved.Worst.ToString());
        Assert.True(moved.Worst.Error < 1e-5, moved.Worst.ToString());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void AdaSketchRkReachesPublishedOptimum(string name)
    {
        var test = Create(name);
        var result = AdaSketchNewton.Solve(test.Problem, new AdaSketchOptions { Tolerance = 1e-6 });
        output.WriteLine($"{name}: {result.Status} outer {result.OuterIterations} inner {result.InnerIterations} f {result.Objective:G12} kkt {result.KktResidual:G3} {result.Message}");
        Assert.Equal(ConstrainedStatus.Converged, result.Status);
        Assert.True(result.KktResidual <= 1e-6);
        Assert.Equal(0, result.DescentViolations);
        Assert.True(Math.Abs(result.Objective - test.OptimalObjective) <= 1e-6 * Math.Max(1, Math.Abs(test.OptimalObjective)),
            $"{name}: f = {result.Objective:G12}, published {test.OptimalObjective:G12}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ExactNewtonReachesPublishedOptimum(string name)
    {
        var test = Create(name);
        var result = AdaSketchNewton.Solve(test.Problem, new AdaSketchOptions { Tolerance = 1e-6, InnerSolver = InnerSolverKind.Exact });
        output.WriteLine($"{name}: {result.Status} outer {result.OuterIterations} f {result.Objective:G12} kkt {result.KktResidual:G3} {result.Message}");
        Assert.Equal(ConstrainedStatus.Converged, result.Status);
        Assert.True(Math.Abs(result.Objective - test.OptimalObjective) <= 1e-6 * Math.Max(1, Math.Abs(test.OptimalObjective)),
            $"{name}: f = {result.Objective:G12}, published {test.OptimalObjective:G12}");
    }
}
