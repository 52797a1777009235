using ScottPlot;
using Solvers.Cli.Commands;
using Solvers.Linear.Tuning;

namespace Solvers.Cli.Output;

/// <summary>
/// Saves a sequence run as a PNG: cost (iterations) per system above, cumulative cost below; with a cost table
/// (--regret) the cumulative costs of the best fixed omega and of the instance-optimal grid policy beside it.
/// </summary>
internal static class SequencePlot
{
    public static void Save(string path, string title, IReadOnlyList<SequenceEntry> systems, CostTable? table = null)
    {
        var xs = new double[systems.Count];
        var cost = new double[systems.Count];
        var cumulative = new double[systems.Count];
        double sum = 0;
        for (int i = 0; i < systems.Count; i++)
        {
            xs[i] = systems[i].Index;
            cost[i] = systems[i].Iterations;
            cumulative[i] = sum += systems[i].Iterations;
        }
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var top = multiplot.GetPlot(0);
        var perSystem = top.Add.ScatterPoints(xs, cost);
        perSystem.MarkerSize = 3;
        top.Title(title);
        top.XLabel("system");
        top.YLabel("iterations");
        var bottom = multiplot.GetPlot(1);
        var policyLine = bottom.Add.ScatterLine(xs, cumulative);
        if (table is not null && table.Count == systems.Count)
        {
            policyLine.LegendText = "policy";
            int best = table.BestFixedArm();
            var fixedLine = bottom.Add.ScatterLine(xs, Cumulative(table.Count, t => table[t, best]));
            fixedLine.LegendText = FormattableString.Invariant($"best fixed omega {table.Grid[best]:F2}");
            var optimalLine = bottom.Add.ScatterLine(xs, Cumulative(table.Count, table.InstanceOptimalCost));
            optimalLine.LegendText = "instance-optimal (grid)";
            bottom.ShowLegend();
        }
        bottom.XLabel("system");
        bottom.YLabel("cumulative iterations");
        multiplot.SavePng(OutputPath.Prepare(path), 900, 800);
    }

    private static double[] Cumulative(int count, Func<int, double> cost)
    {
        var sums = new double[count];
        double s = 0;
        for (int t = 0; t < count; t++) sums[t] = s += cost(t);
        return sums;
    }
}
