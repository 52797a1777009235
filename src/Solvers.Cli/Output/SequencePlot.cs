using ScottPlot;
using Solvers.Cli.Commands;

namespace Solvers.Cli.Output;

/// <summary>Saves a sequence run as a PNG: cost (iterations) per system above, cumulative cost below.</summary>
internal static class SequencePlot
{
    public static void Save(string path, string title, IReadOnlyList<SequenceEntry> systems)
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
        bottom.Add.ScatterLine(xs, cumulative);
        bottom.XLabel("system");
        bottom.YLabel("cumulative iterations");
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        multiplot.SavePng(path, 900, 800);
    }
}
