using System.CommandLine;
using Solvers.Cli.Input;
using Solvers.Cli.Output;
using Solvers.Linear.Dcdm;
using Solvers.Linear.Dcdm.Training;
using Solvers.Linear.Generators.Fluid;
using Spectre.Console;

namespace Solvers.Cli.Commands;

/// <summary>
/// <c>solvers dcdm train</c>: trains the deep conjugate direction method's network on Ritz vectors of the box-domain
/// pressure matrix and saves the model. Solving with a model is <c>solvers solve --method dcdm --model FILE</c>.
/// </summary>
internal static class DcdmCommand
{
    public static Command Create()
    {
        var grid = new Option<int>("--grid") { Description = "Side N of the N x N training grid.", DefaultValueFactory = _ => 64 };
        var samples = new Option<int>("--samples") { Description = "Training right-hand sides (Ritz-vector combinations).", DefaultValueFactory = _ => new DcdmTrainingOptions().Samples };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the samples.", DefaultValueFactory = _ => new DcdmTrainingOptions().Epochs };
        var output = new Option<string>("--out") { Description = "Model file to write.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the data, the initial weights and the shuffling.", DefaultValueFactory = _ => 1 };
        var lanczos = new Option<int>("--lanczos") { Description = "Lanczos steps for the Ritz vectors.", DefaultValueFactory = _ => new DcdmTrainingOptions().LanczosSteps };
        var rate = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => new DcdmTrainingOptions().LearningRate };
        var decay = new Option<double>("--lr-decay") { Description = "Learning-rate factor applied after each epoch.", DefaultValueFactory = _ => new DcdmTrainingOptions().LearningRateDecay };
        var batch = new Option<int>("--batch") { Description = "Samples per Adam step.", DefaultValueFactory = _ => new DcdmTrainingOptions().BatchSize };
        var levels = new Option<int>("--levels") { Description = "Grid levels of the network (2 = the paper's brief).", DefaultValueFactory = _ => new DcdmTrainingOptions().Levels };
        var shared = new Option<bool>("--shared-levels") { Description = "One residual pair shared by all intermediate levels, levels following the grid (not in the paper; for size independence)." };
        var residualInit = new Option<double>("--residual-init") { Description = "Scale of the last layer of each residual branch at initialisation (0, 1].", DefaultValueFactory = _ => 1.0 };
        var threads = new Option<int>("--threads") { Description = "Training threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var domain = new Option<string>("--domain") { Description = "Training geometry: box (the paper's choice), disc, rects[@SEED] or MASK.csv; a comma-separated list trains on several.", DefaultValueFactory = _ => "box" };
        var mask = new Option<bool>("--mask-channel") { Description = "Give the network the fluid mask as a second input (not in the paper; pair it with several --domain geometries)." };
        var plot = new Option<string?>("--plot") { Description = "Loss-curve PNG (default: the model path with -loss.png)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };

        var train = new Command("train", "Train the DCDM network and save it.\nExample: solvers dcdm train --grid 64 --out model.dcdm (the defaults reproduce models/dcdm-fluid64.dcdm on 2 threads)");
        foreach (var option in new Option[] { grid, samples, epochs, output, seed, lanczos, rate, decay, batch, levels, shared, residualInit, mask, threads, domain, plot, json })
            train.Options.Add(option);
        train.SetAction(parse => CommandHost.Run("dcdm train", token => Train(new TrainArguments(
            parse.GetValue(grid), parse.GetValue(samples), parse.GetValue(epochs), parse.GetValue(output)!, parse.GetValue(seed),
            parse.GetValue(lanczos), parse.GetValue(rate), parse.GetValue(decay), parse.GetValue(batch), parse.GetValue(levels),
            parse.GetValue(threads), parse.GetValue(domain)!, parse.GetValue(plot), parse.GetValue(json), parse.GetValue(shared),
            parse.GetValue(residualInit), parse.GetValue(mask)), token)));

        var command = new Command("dcdm", "Deep conjugate direction method: train its network (solve with `solvers solve --method dcdm`).");
        command.Subcommands.Add(train);
        return command;
    }

    private sealed record TrainArguments(int Grid, int Samples, int Epochs, string Out, int Seed, int Lanczos, double Rate, double Decay,
        int Batch, int Levels, int Threads, string Domain, string? Plot, bool Json, bool SharedLevels, double ResidualInit, bool MaskChannel);

    private static int Train(TrainArguments args, CancellationToken token)
    {
        if (args.Grid < 4) throw new ArgumentException($"--grid must be at least 4, was {args.Grid}.");
        var systems = args.Domain.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(kind => FluidPressureSystem.Build(FluidDomain.Parse(args.Grid, kind)))
            .Select(system => new TrainingSystem(system.Matrix, GridLayouts.Of(system))).ToArray();
        if (systems.Length == 0) throw new ArgumentException("--domain names no geometry.");
        string plotPath = args.Plot ?? Path.ChangeExtension(args.Out, null) + "-loss.png";
        var options = new DcdmTrainingOptions
        {
            Samples = args.Samples,
            Epochs = args.Epochs,
            Seed = args.Seed,
            LanczosSteps = args.Lanczos,
            LearningRate = args.Rate,
            LearningRateDecay = args.Decay,
            BatchSize = args.Batch,
            Levels = args.Levels,
            SharedLevels = args.SharedLevels,
            ResidualInitScale = args.ResidualInit,
            MaskChannel = args.MaskChannel,
            Threads = args.Threads,
            CancellationToken = token,
        };
        var result = TrainingProgressDisplay.Run(options, o => DcdmTrainer.Train(systems, o));
        result.Model.Save(OutputPath.Prepare(args.Out));
        LossPlot(plotPath, result);

        var report = new DcdmTrainReport
        {
            Grid = args.Grid,
            Domain = args.Domain,
            Samples = args.Samples,
            Epochs = result.TrainingLoss.Count,
            Levels = args.Levels,
            SharedLevels = args.SharedLevels,
            MaskChannel = args.MaskChannel,
            Parameters = result.Model.Network.ParameterCount,
            Seed = args.Seed,
            Threads = args.Threads,
            LanczosSteps = result.LanczosSteps,
            InitialLoss = result.InitialLoss,
            FinalLoss = result.Model.FinalLoss,
            TrainingLoss = result.TrainingLoss,
            ValidationLoss = result.ValidationLoss,
            DataSeconds = result.DataTime.TotalSeconds,
            TrainingSeconds = result.TrainingTime.TotalSeconds,
            Out = args.Out,
            Plot = plotPath,
            Cancelled = result.Cancelled,
        };
        if (args.Json) Console.Out.WriteLine(report.ToJson());
        else PrintTable(report);
        return Program.ExitConverged;
    }

    private static void LossPlot(string path, DcdmTrainingResult result)
    {
        int perEpoch = Math.Max(1, result.BatchLoss.Count / Math.Max(1, result.TrainingLoss.Count));
        // A moving average over a tenth of an epoch: single batches of 10 samples are too noisy to read.
        int window = Math.Max(1, perEpoch / 10);
        var x = new List<double>();
        var y = new List<double>();
        for (int i = window - 1; i < result.BatchLoss.Count; i += Math.Max(1, window / 2))
        {
            double mean = 0;
            for (int k = i - window + 1; k <= i; k++) mean += result.BatchLoss[k];
            x.Add((i + 1.0) / perEpoch);
            y.Add(mean / window);
        }
        var series = new List<(string, IReadOnlyList<double>, IReadOnlyList<double>)> { ("training (moving mean)", x, y) };
        if (result.ValidationLoss.Count > 0)
            series.Add(("validation", Enumerable.Range(1, result.ValidationLoss.Count).Select(e => (double)e).ToArray(), result.ValidationLoss));
        ConvergencePlot.Save(path, "DCDM training loss ||b - c A f(b)||^2", series, "epoch", "log10 loss");
    }

    private static void PrintTable(DcdmTrainReport report)
    {
        var table = new Table().AddColumn("grid").AddColumn("samples").AddColumn("epochs").AddColumn("parameters")
            .AddColumn("initial loss").AddColumn("final loss").AddColumn("data s").AddColumn("training s");
        table.AddRow(report.Grid.ToString(), report.Samples.ToString(), report.Epochs.ToString(), report.Parameters.ToString(),
            report.InitialLoss.ToString("G4"), report.FinalLoss.ToString("G4"), report.DataSeconds.ToString("F1"), report.TrainingSeconds.ToString("F1"));
        AnsiConsole.Write(table);
        Console.Out.WriteLine($"model: {report.Out}   loss curve: {report.Plot}");
    }
}
