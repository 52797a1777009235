namespace Solvers.Examples.Tests;

public class DirectExampleTests
{
    [Fact]
    public void FactorSolvesAndRefactorisedSolvesAreAccurate()
    {
        var r = DirectExample.Run(TextWriter.Null);

        Assert.True(Independent.RelativeResidual(r.Spd, r.Rhs, r.SpdSolution) < 1e-13);
        // The refactorised factor solves the new matrix, not the old one.
        Assert.True(Independent.RelativeResidual(r.Shifted, r.Rhs, r.ShiftedSolution) < 1e-13);
        Assert.True(Independent.RelativeResidual(r.Spd, r.Rhs, r.ShiftedSolution) > 1e-3);
        Assert.True(r.FactorNonZeros >= (r.Spd.NonZeroCount + r.Spd.RowCount) / 2, "L holds at least the lower triangle of A");

        double lu = Independent.RelativeResidual(r.Nonsymmetric, r.NonsymmetricRhs, r.NonsymmetricSolution);
        Assert.True(lu < 1e-13, $"{lu}");
        Assert.Equal(lu, r.Lu.RelativeResidual, 1e-14);
    }
}
