using MathNet.Numerics.LinearAlgebra;

namespace Solvers.Examples.Tests;

public class MinMaxExampleTests
{
    [Fact]
    public void GameConvergesToTheEquilibriumAndHalpernToTheLeastSquaresSolution()
    {
        var r = MinMaxExample.Run(TextWriter.Null);

        // The kernel vector of the skew-symmetric payoff matrix, for both players.
        double[] equilibrium = [1.0 / 2, 1.0 / 3, 1.0 / 6, 1.0 / 2, 1.0 / 3, 1.0 / 6];
        foreach (var run in new[] { r.ExtraGradient, r.Eag })
        {
            Assert.True(run.Result.Converged, $"{run.Result.Method}: {run.Result.Status}");
            Assert.True(Independent.MaxDifference(run.Point, equilibrium) < 1e-3, run.Result.Method);
        }

        var design = Matrix<double>.Build.DenseOfArray(r.Design);
        var leastSquares = design.QR().Solve(Vector<double>.Build.DenseOfArray(r.Targets)).ToArray();
        foreach (var run in new[] { r.Halpern, r.VrHalpern })
        {
            Assert.True(run.Result.Converged, $"{run.Result.Method}: {run.Result.Status}");
            Assert.True(Independent.MaxDifference(run.Point, leastSquares) < 1e-3, run.Result.Method);
        }
    }
}
