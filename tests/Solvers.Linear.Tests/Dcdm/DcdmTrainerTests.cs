using Solvers.Linear.Dcdm;
using Solvers.Linear.Dcdm.Training;
using Solvers.Linear.Generators.Fluid;

namespace Solvers.Linear.Tests.Dcdm;

public class DcdmTrainerTests
{
    private static DcdmTrainingResult TrainSmall(int threads) 
    {
        var system = FluidPressureSystem.Build(FluidDomain.Box(16));
        return DcdmTrainer.Train(system.Matrix, new GridLayout(16, 16, system.CellOfUnknown), new DcdmTrainingOptions
        {
            Samples = 200, Epochs = 3, LanczosSteps = 120, Seed = 7, Threads = threads, LearningRate = 2e-3,
        });
    }

    [Fact]
    public void TrainingLowersTheValidationLossAndIsReproducibleFromItsSeed()
    {
        var first = TrainSmall(threads: 2);
        var second = TrainSmall(threads: 2);
        Assert.Equal(first.Model.Network.Parameters, second.Model.Network.Parameters);
        Assert.Equal(3, first.ValidationLoss.Count);
        // Unit-norm right-hand sides: the untrained loss is near ||b||^2 = 1; training must cut it clearly.
        Assert.True(first.ValidationLoss[^1] < 0.5 * first.InitialLoss, $"{first.InitialLoss} -> {string.Join(", ", first.ValidationLoss)}");
        Assert.Equal(first.ValidationLoss[^1], first.Model.FinalLoss);
        Assert.Equal(18 * 3, first.BatchLoss.Count);
    }

    [Fact]
    public void RitzSamplesAreUnitVectorsInTheSpanOfTheMatrixModes()
    {
        // Random rectangles: no symmetry, so no repeated eigenvalue ends the Krylov space early.
        var system = FluidPressureSystem.Build(FluidDomain.Rectangles(9, count: 2, seed: 5));
        int n = system.UnknownCount;
        var set = RitzTrainingSet.Create(system.Matrix, steps: n, count: 20, seed: 3);
        Assert.Equal(n, set.Steps);
        // n steps with full reorthogonalisation give every eigenvalue; compare with a dense eigensolver (Math.NET).
        var dense = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, (i, j) => system.Matrix[i, j]);
        var eigen = dense.Evd().EigenValues.Select(v => v.Real).OrderBy(v => v).ToArray();
        Assert.Equal(n, set.RitzValues.Length);
        for (int i = 0; i < n; i++) Assert.Equal(eigen[i], set.RitzValues[i], 1e-8);
        foreach (var sample in set.Samples)
            Assert.Equal(1.0, Math.Sqrt(sample.Sum(v => (double)v * v)), 1e-5);
    }

    [Fact]
    public void SeveralGeometriesWithTheMaskChannelTrainOneNetwork()
    {
        var systems = new[] { FluidDomain.Box(16), FluidDomain.Rectangles(16, seed: 2) }
            .Select(FluidPressureSystem.Build).Select(s => new TrainingSystem(s.Matrix, new GridLayout(16, 16, s.CellOfUnknown))).ToArray();
        var result = DcdmTrainer.Train(systems, new DcdmTrainingOptions
        {
            Samples = 200, Epochs = 3, LanczosSteps = 100, Seed = 3, Threads = 2, LearningRate = 2e-3, MaskChannel = true,
        });
        Assert.True(result.Model.Network.Architecture.MaskChannel);
        Assert.True(result.ValidationLoss[^1] < 0.5 * result.InitialLoss, $"{result.InitialLoss} -> {string.Join(", ", result.ValidationLoss)}");
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        var system = FluidPressureSystem.Build(FluidDomain.Box(8));
        var layout = new GridLayout(8, 8, system.CellOfUnknown);
        Assert.Throws<ArgumentOutOfRangeException>(() => DcdmTrainer.Train(system.Matrix, layout, new DcdmTrainingOptions { Samples = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => DcdmTrainer.Train(system.Matrix, layout, new DcdmTrainingOptions { LearningRate = -1 }));
        Assert.Throws<ArgumentException>(() => DcdmTrainer.Train(system.Matrix, GridLayout.Full(4, 4), new DcdmTrainingOptions()));
    }
}
