using System.Diagnostics;
using Solvers.Linear.Dcdm.Network;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Dcdm.Training;

/// <summary>
/// Trains the DCDM network (brief sections 3, 4 and 6): Ritz-vector right-hand sides of one matrix (the paper) or of
/// several geometries (our extension, with the mask channel), the scale-invariant loss, Adam. The batch is split across threads, each with its own workspace and gradient buffer; the gradients are
/// summed in a fixed order, so a run is reproducible from its seed for a given thread count.
/// </summary>
public static class DcdmTrainer
{
    /// <summary>Trains a network on the matrix <paramref name="a"/> whose unknowns live on <paramref name="layout"/>.</summary>
    public static DcdmTrainingResult Train(CsrMatrix a, GridLayout layout, DcdmTrainingOptions? options = null)
        => Train([new TrainingSystem(a, layout)], options);

    /// <summary>
    /// Trains one network on several grid systems: the samples are split evenly between them (Ritz vectors of each) and
    /// shuffled together, so every batch mixes geometries.
    /// </summary>
    public static DcdmTrainingResult Train(IReadOnlyList<TrainingSystem> systems, DcdmTrainingOptions? options = null)
    {
        options ??= new DcdmTrainingOptions();
        options.Validate();
        if (systems.Count == 0) throw new ArgumentException("Training needs at least one system.");
        foreach (var system in systems)
            if (system.Layout.UnknownCount != system.Matrix.RowCount)
                throw new ArgumentException($"A training matrix has {system.Matrix.RowCount} rows but its grid layout {system.Layout.UnknownCount} unknowns.");
        var token = options.CancellationToken;

        var dataClock = Stopwatch.StartNew();
        var samples = new List<Sample>();
        int steps = 0;
        for (int s = 0; s < systems.Count; s++)
        {
            int count = options.Samples / systems.Count + (s < options.Samples % systems.Count ? 1 : 0);
            var data = RitzTrainingSet.Create(systems[s].Matrix, options.LanczosSteps, count, options.Seed + 1000 * s, token);
            steps = Math.Max(steps, data.Steps);
            samples.AddRange(data.Samples.Select(b => new Sample(s, b)));
        }
        dataClock.Stop();
        var all = samples.ToArray();
        if (systems.Count > 1) new Random(options.Seed + 2).Shuffle(all);
        int validationCount = (int)Math.Round(options.Samples * options.ValidationFraction);
        int trainingCount = options.Samples - validationCount;
        var training = all[..trainingCount];
        var validation = all[trainingCount..];

        var architecture = new NetworkArchitecture { Levels = options.Levels, SharedLevels = options.SharedLevels, MaskChannel = options.MaskChannel };
        var network = PressureNetwork.CreateRandom(architecture, options.Seed, options.ResidualInitScale);
        var workers = Enumerable.Range(0, Math.Min(options.Threads, options.BatchSize)).Select(_ => new Worker(network, systems)).ToArray();
        var adam = new AdamOptimizer(network.ParameterCount, options.LearningRate);
        var gradient = new float[network.ParameterCount];
        var adjoint = new float[network.ParameterCount];
        var random = new Random(options.Seed + 1);
        var order = Enumerable.Range(0, trainingCount).ToArray();
        double initialLoss = MeanLoss(workers, validation.Length > 0 ? validation : training);

        var trainingLoss = new List<double>();
        var validationLoss = new List<double>();
        var batchLoss = new List<double>();
        var clock = Stopwatch.StartNew();
        int batches = (trainingCount + options.BatchSize - 1) / options.BatchSize;
        bool cancelled = false;
        for (int epoch = 1; epoch <= options.Epochs && !cancelled; epoch++)
        {
            random.Shuffle(order);
            double sum = 0;
            int seen = 0;
            for (int batch = 0; batch < batches; batch++)
            {
                if (token.IsCancellationRequested) { cancelled = true; break; }
                int start = batch * options.BatchSize, count = Math.Min(options.BatchSize, trainingCount - start);
                network.ComputeAdjointWeights(adjoint);
                Parallel.For(0, workers.Length, w =>
                {
                    var worker = workers[w];
                    worker.Reset();
                    for (int k = w; k < count; k += workers.Length) worker.Accumulate(training[order[start + k]], adjoint);
                });
                Array.Clear(gradient);
                double batchSum = 0;
                foreach (var worker in workers)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(gradient, worker.Gradient, gradient);
                    batchSum += worker.LossSum;
                }
                sum += batchSum;
                batchLoss.Add(batchSum / count);
                System.Numerics.Tensors.TensorPrimitives.Multiply(gradient, 1f / count, gradient);
                adam.Step(network.Parameters, gradient);
                seen += count;
                options.Progress?.Report(new DcdmTrainingProgress(epoch, options.Epochs, batch + 1, batches, sum / seen, clock.Elapsed));
            }
            if (seen == 0) break;
            trainingLoss.Add(sum / seen);
            if (validation.Length > 0) validationLoss.Add(MeanLoss(workers, validation));
            adam.LearningRate *= options.LearningRateDecay;
        }
        clock.Stop();

        double finalLoss = validationLoss.Count > 0 ? validationLoss[^1] : trainingLoss.Count > 0 ? trainingLoss[^1] : initialLoss;
        var model = new DcdmModel(network, systems.Max(t => Math.Max(t.Layout.Height, t.Layout.Width)), options.Seed, options.Samples, trainingLoss.Count, finalLoss);
        return new DcdmTrainingResult
        {
            Model = model,
            TrainingLoss = trainingLoss,
            ValidationLoss = validationLoss,
            BatchLoss = batchLoss,
            InitialLoss = initialLoss,
            LanczosSteps = steps,
            DataTime = dataClock.Elapsed,
            TrainingTime = clock.Elapsed,
            Cancelled = cancelled,
        };
    }

    private static double MeanLoss(Worker[] workers, Sample[] samples)
    {
        var sums = new double[workers.Length];
        Parallel.For(0, workers.Length, w =>
        {
            for (int k = w; k < samples.Length; k += workers.Length) sums[w] += workers[w].Loss(samples[k]);
        });
        return sums.Sum() / samples.Length;
    }

    private readonly record struct Sample(int System, float[] Rhs);

    /// <summary>One thread's share of a batch: forward, loss, backward, and a private gradient buffer.</summary>
    private sealed class Worker
    {
        private readonly PressureNetwork _network;
        private readonly NetworkDirection[] _directions;
        private readonly ScaleInvariantLoss[] _losses;
        private readonly double[][] _b, _y, _dy;

        public Worker(PressureNetwork network, IReadOnlyList<TrainingSystem> systems)
        {
            _network = network;
            _directions = systems.Select(s => new NetworkDirection(network, s.Layout)).ToArray();
            _losses = systems.Select(s => new ScaleInvariantLoss(s.Matrix)).ToArray();
            _b = systems.Select(s => new double[s.Matrix.RowCount]).ToArray();
            _y = systems.Select(s => new double[s.Matrix.RowCount]).ToArray();
            _dy = systems.Select(s => new double[s.Matrix.RowCount]).ToArray();
            Gradient = new float[network.ParameterCount];
        }

        public float[] Gradient { get; }
        public double LossSum { get; private set; }

        public void Reset()
        {
            Array.Clear(Gradient);
            LossSum = 0;
        }

        public void Accumulate(Sample sample, float[] adjoint)
        {
            LossSum += Loss(sample);
            var direction = _directions[sample.System];
            direction.SetOutputGradient(_dy[sample.System]);
            _network.Backward(direction.Workspace, Gradient, adjoint);
        }

        public double Loss(Sample sample)
        {
            int s = sample.System;
            // Samples have unit norm, so the network sees them at unit RMS like a solver residual.
            _directions[s].Forward(sample.Rhs, (float)_directions[s].InputScale(1.0), _y[s]);
            var b = _b[s];
            for (int i = 0; i < b.Length; i++) b[i] = sample.Rhs[i];
            return _losses[s].Evaluate(b, _y[s], _dy[s]);
        }
    }
}

/// <summary>A matrix on its grid, one of the systems a DCDM network is trained on.</summary>
public sealed record TrainingSystem(CsrMatrix Matrix, GridLayout Layout);
