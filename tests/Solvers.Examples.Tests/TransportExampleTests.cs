using Solvers.Transport;

namespace Solvers.Examples.Tests;

public class TransportExampleTests
{
    [Fact]
    public void PlansHaveTheMarginalsAndTheExactCostIsTheMonotoneCouplingCost()
    {
        var r = TransportExample.Run(TextWriter.Null);
        var x = r.Support;
        double Cost(int i, int j) => (x[i] - x[j]) * (x[i] - x[j]);

        foreach (var result in new[] { r.Sinkhorn, r.Sns, r.Exact })
        {
            Assert.True(result.Converged, $"{result.Method}: {result.Status}");
            var (rows, columns, transported) = Sums(result.Plan!, Cost);
            Assert.True(Independent.MaxDifference(rows, r.Source) < 1e-9, result.Method);
            Assert.True(Independent.MaxDifference(columns, r.Target) < 1e-9, result.Method);
            Assert.Equal(transported, result.Cost, 1e-12);
        }

        // On a line the monotone coupling is optimal for a convex cost: fill the plan in the north-west corner order.
        Assert.Equal(MonotoneCouplingCost(r.Source, r.Target, Cost), r.Exact.Cost, 1e-12);
        // And the exact solver's potentials certify it: u_i + v_j <= C_ij, with a^T u + b^T v equal to the cost.
        double dual = 0;
        for (int i = 0; i < x.Length; i++)
        {
            dual += r.Source[i] * r.Exact.DualU[i] + r.Target[i] * r.Exact.DualV[i];
            for (int j = 0; j < x.Length; j++) Assert.True(r.Exact.DualU[i] + r.Exact.DualV[j] <= Cost(i, j) + 1e-12);
        }
        Assert.Equal(r.Exact.Cost, dual, 1e-12);

        // The entropic plans are (up to the marginal tolerance) feasible, so they cannot beat the exact cost; they are
        // the same plan, computed two ways.
        Assert.InRange(r.Sinkhorn.Cost, r.Exact.Cost - 1e-9, r.Exact.Cost * 1.01);
        Assert.Equal(r.Sinkhorn.Cost, r.Sns.Cost, 1e-7);
    }

    private static (double[] Rows, double[] Columns, double Cost) Sums(TransportPlan plan, Func<int, int, double> cost)
    {
        var rows = new double[plan.RowCount];
        var columns = new double[plan.ColumnCount];
        double total = 0;
        for (int i = 0; i < plan.RowCount; i++)
            for (int j = 0; j < plan.ColumnCount; j++)
            {
                rows[i] += plan[i, j];
                columns[j] += plan[i, j];
                total += plan[i, j] * cost(i, j);
            }
        return (rows, columns, total);
    }

    private static double MonotoneCouplingCost(double[] a, double[] b, Func<int, int, double> cost)
    {
        int i = 0, j = 0;
        double left = a[0], right = b[0], total = 0;
        while (i < a.Length && j < b.Length)
        {
            double mass = Math.Min(left, right);
            total += mass * cost(i, j);
            left -= mass;
            right -= mass;
            if (left <= right) { if (++i < a.Length) left = a[i]; }
            else if (++j < b.Length) right = b[j];
        }
        return total;
    }
}
