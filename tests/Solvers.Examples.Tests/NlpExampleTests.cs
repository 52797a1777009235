namespace Solvers.Examples.Tests;

public class NlpExampleTests
{
    [Fact]
    public void FindsTheAnalyticMinimiserAndMultipliers()
    {
        var r = NlpExample.Run(TextWriter.Null);

        Assert.True(r.Check.Worst.Error < 1e-6, r.Check.Worst.ToString());
        Assert.True(r.Solution.Converged, r.Solution.Status.ToString());
        // Stationarity 2 x + lambda_1 (1, 1, 1) + lambda_2 (1, -1, 0) = 0 with both constraints gives these by hand.
        Assert.True(Independent.MaxDifference(r.Solution.X, [13.0 / 30, 7.0 / 30, 1.0 / 3]) < 1e-7);
        Assert.True(Independent.MaxDifference(r.Solution.Multipliers, [-2.0 / 3, -1.0 / 5]) < 1e-6);
        Assert.Equal(318.0 / 900, r.Solution.Objective, 1e-7);
    }
}
