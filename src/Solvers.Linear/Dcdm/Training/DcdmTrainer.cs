using System.Diagnostics;
using Solvers.Linear.Dcdm.Network;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Dcdm.Training;

/// <summary>
/// Trains the DCDM network (brief sections 3, 4 and 6): Ritz-vector right-hand sides of one matrix, the scale-invariant
/// loss, Adam. The batch is split across threads, each with its own workspace and gradient buffer; the gradients are
/// summed in a fixed order, so a run is reproducible from its seed for a given thread count.
/// </summary>
public static class DcdmTrainer
{
    /// <summary>Trains a network on the matrix <paramref name="a"/> whose unknowns live on <paramref name="layout"/>.</summary>
    public static DcdmTrainingResult Train(CsrMatrix a, GridLayout layout, DcdmTrainingOptions? options = null)
    {
        options ??= new DcdmTrainingOptions();
        options.Validate();
        if (layout.UnknownCount != a.RowCount)
            throw new ArgumentException($"The training matrix has {a.RowCount} rows but the grid layout {layout.UnknownCount} unknowns.");
        var token = options.CancellationToken;

        var dataClock = Stopwatch.StartNew();
        var data = RitzTrainingSet.Create(a, options.LanczosSteps, options.Samples, options.Seed, token);
        dataClock.Stop();
        int validationCount = (int)Math.Round(options.Samples * options.ValidationFraction);
        int trainingCount = options.Samples - validationCount;
        var training = data.Samples[..trainingCount];
        var validation = data.Samples[trainingCount..];

        var network = PressureNetwork.CreateRandom(new NetworkArchitecture { Levels = options.Levels }, options.Seed);
        var workers = Enumerable.Range(0, Math.Min(options.Threads, options.BatchSize)).Select(_ => new Worker(network, a, layout)).ToArray();
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
        var model = new DcdmModel(network, Math.Max(layout.Height, layout.Width), options.Seed, options.Samples, trainingLoss.Count, finalLoss);
        return new DcdmTrainingResult
        {
            Model = model,
            TrainingLoss = trainingLoss,
            ValidationLoss = validationLoss,
            BatchLoss = batchLoss,
            InitialLoss = initialLoss,
            LanczosSteps = data.Steps,
            DataTime = dataClock.Elapsed,
            TrainingTime = clock.Elapsed,
            Cancelled = cancelled,
        };
    }

    private static double MeanLoss(Worker[] workers, float[][] samples)
    {
        var sums = new double[workers.Length];
        Parallel.For(0, workers.Length, w =>
        {
            for (int k = w; k < samples.Length; k += workers.Length) sums[w] += workers[w].Loss(samples[k]);
        });
        return sums.Sum() / samples.Length;
    }

    /// <summary>One thread's share of a batch: forward, loss, backward, and a private gradient buffer.</summary>
    private sealed class Worker
    {
        private readonly PressureNetwork _network;
        private readonly NetworkDirection _direction;
        private readonly ScaleInvariantLoss _loss;
        private readonly double[] _b, _y, _dy;
        private readonly float _scale;

        public Worker(PressureNetwork network, CsrMatrix a, GridLayout layout)
        {
            _network = network;
            _direction = new NetworkDirection(network, layout);
            _loss = new ScaleInvariantLoss(a);
            _b = new double[a.RowCount];
            _y = new double[a.RowCount];
            _dy = new double[a.RowCount];
            _scale = (float)_direction.InputScale(1.0);
            Gradient = new float[network.ParameterCount];
        }

        public float[] Gradient { get; }
        public double LossSum { get; private set; }

        public void Reset()
        {
            Array.Clear(Gradient);
            LossSum = 0;
        }

        public void Accumulate(float[] sample, float[] adjoint)
        {
            LossSum += Evaluate(sample, withGradient: true);
            _direction.SetOutputGradient(_dy);
            _network.Backward(_direction.Workspace, Gradient, adjoint);
        }

        public double Loss(float[] sample) => Evaluate(sample, withGradient: false);

        private double Evaluate(float[] sample, bool withGradient)
        {
            // Samples have unit norm, so the network sees them at unit RMS like a solver residual.
            _direction.Forward(sample, _scale, _y);
            for (int i = 0; i < _b.Length; i++) _b[i] = sample[i];
            double loss = _loss.Evaluate(_b, _y, _dy);
            return loss;
        }
    }
}
