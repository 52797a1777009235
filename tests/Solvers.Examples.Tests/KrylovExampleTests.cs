namespace Solvers.Examples.Tests;

public class KrylovExampleTests
{
    [Fact]
    public void BothSolvesMeetTheirToleranceOnTheRecomputedResidual()
    {
        var log = new StringWriter();
        var r = KrylovExample.Run(log);

        Assert.True(r.Pcg.Converged, r.Pcg.Status.ToString());
        Assert.True(r.GmresResult.Converged, r.GmresResult.Status.ToString());
        Assert.True(Independent.RelativeResidual(r.Spd, r.SpdRhs, r.SpdSolution) <= 1.01e-10);
        Assert.True(Independent.RelativeResidual(r.Nonsymmetric, r.NonsymmetricRhs, r.NonsymmetricSolution) <= 1.01e-10);
        // b = A * ones: the Poisson solution is all ones up to cond(A) times the tolerance (cond ~ 1e3 here).
        Assert.True(Independent.MaxDifference(r.SpdSolution, Enumerable.Repeat(1.0, r.Spd.RowCount).ToArray()) < 1e-6);
        Assert.True(r.DenseReferenceDifference < 1e-8, $"{r.DenseReferenceDifference}");
        Assert.Contains("ConvergedRelative", log.ToString());
    }
}
