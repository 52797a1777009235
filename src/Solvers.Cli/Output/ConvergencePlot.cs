using ScottPlot;

namespace Solvers.Cli.Output;

/// <summary>Saves residual histories as a PNG (log10 of the relative residual against the iteration).</summary>
internal static class ConvergencePlot
{
    public static void Save(string path, string title, IReadOnlyList<(string Label, IReadOnlyList<double> History)> series)
    {
        var plot = new Plot();
        foreach (var (label, history) in series)
        {
            var xs = new double[history.Count];
            var ys = new double[history.Count];
            for (int i = 0; i < history.Count; i++)
            {
                xs[i] = i;
                ys[i] = Math.Log10(Math.Max(history[i], 1e-300));
            }
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = label;
        }
        plot.Title(title);
        plot.XLabel("iteration");
        plot.YLabel("log10 ||b - Ax|| / ||b||");
        plot.ShowLegend();
        plot.SavePng(OutputPath.Prepare(path), 900, 550);
    }

    /// <summary>Saves curves given as (x, y) points, plotting log10 y against x with the given axis labels.</summary>
    public static void Save(string path, string title, IReadOnlyList<(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y)> series,
        string xLabel, string yLabel)
    {
        var plot = new Plot();
        foreach (var (label, x, y) in series)
        {
            var xs = x.ToArray();
            var ys = y.Select(v => Math.Log10(Math.Max(v, 1e-300))).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = label;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend();
        plot.SavePng(OutputPath.Prepare(path), 900, 550);
    }
}
