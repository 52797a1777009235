namespace Solvers.Examples.Tests;

public class SequenceExampleTests
{
    // Both tests read one run of the example.
    private static readonly Lazy<SequenceExample.Result> Example = new(() => SequenceExample.Run(TextWriter.Null));

    [Fact]
    public void RecyclingSolvesEverySystemWithFewerIterationsThanGmres()
    {
        var r = Example.Value;
        double tol = SequenceExample.KrylovOptions.RelativeTolerance;

        for (int t = 0; t < r.Systems.Count; t++)
        {
            var (a, b) = (r.Systems[t].Matrix, r.Systems[t].RightHandSide);
            Assert.True(r.GmresResults[t].Converged && r.Recycled[t].Converged && r.Sorted.Results[t].Converged, $"system {t}");
            Assert.True(Independent.RelativeResidual(a, b, r.RecycledSolutions[t]) <= 1.01 * tol, $"GCRO-DR, system {t}");
            Assert.True(Independent.RelativeResidual(a, b, r.Sorted.Solutions[t]) <= 1.01 * tol, $"SKR, system {t}");
        }
        Assert.Equal(Enumerable.Range(0, r.Systems.Count), r.Sorted.SolveOrder.Order());
        int gmres = r.GmresResults.Sum(s => s.Iterations);
        Assert.True(r.Recycled.Sum(s => s.Iterations) < gmres / 2, "recycling should at least halve GMRES's iterations here");
        Assert.True(r.Sorted.TotalIterations < gmres / 2);
    }

    [Fact]
    public void LearntOmegaSolvesTheSequenceInFewerSorIterationsThanGaussSeidel()
    {
        var r = Example.Value;

        Assert.Equal(200, r.Omega.Record.Count);
        Assert.Equal(0, r.Omega.Record.NotConverged);
        Assert.Equal(r.Omega.Record.TotalIterations, r.Omega.Record.Sum(s => (long)s.Result.Iterations));
        Assert.All(r.Omega.Record.Omegas(), w => Assert.InRange(w, 1.0, 1.95));
        var (a, b, x) = r.LastSystem;
        Assert.True(Independent.RelativeResidual(a, b, x) <= 1.01e-8);
        Assert.True(r.Omega.Record.TotalIterations < r.FixedOmegaIterations / 2);
    }
}
