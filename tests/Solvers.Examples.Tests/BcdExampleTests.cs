namespace Solvers.Examples.Tests;

public class BcdExampleTests
{
    [Fact]
    public void LassoSolutionSatisfiesTheKktConditions()
    {
        var r = BcdExample.Run(TextWriter.Null);
        var a = r.Data.Features;
        var y = r.Data.Labels;
        Assert.True(r.Solve.Converged, r.Solve.Status.ToString());

        // g = A^T (A x - y); optimality of 1/2 ||A x - y||^2 + lambda ||x||_1 is g_j = -lambda sign(x_j) on the support
        // and |g_j| <= lambda off it.
        var residual = Independent.Multiply(a, r.X).Select((v, i) => v - y[i]).ToArray();
        var g = Independent.MultiplyTranspose(a, residual);
        double slack = 1e-9 * r.LambdaMax; // the solver stops at 1e-10 of the optimality measure at x = 0
        for (int j = 0; j < g.Length; j++)
        {
            if (r.X[j] != 0) Assert.True(Math.Abs(g[j] + r.Lambda * Math.Sign(r.X[j])) <= slack, $"coordinate {j}: g = {g[j]}");
            else Assert.True(Math.Abs(g[j]) <= r.Lambda + slack, $"coordinate {j}: |g| = {Math.Abs(g[j])} > lambda");
        }
        Assert.InRange(r.X.Count(v => v != 0), 1, a.ColumnCount - 1);

        double objective = 0.5 * residual.Sum(v => v * v) + r.Lambda * r.X.Sum(Math.Abs);
        Assert.Equal(objective, r.Solve.Objective, 1e-9 * objective);
        Assert.Equal(Independent.MultiplyTranspose(a, y).Max(Math.Abs), r.LambdaMax, 1e-9 * r.LambdaMax);
    }
}
