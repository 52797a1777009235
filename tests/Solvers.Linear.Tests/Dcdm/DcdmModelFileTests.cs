using Solvers.Linear.Dcdm;
using Solvers.Linear.Dcdm.Network;

namespace Solvers.Linear.Tests.Dcdm;

public class DcdmModelFileTests
{
    private static string Temp() => Path.Combine(Path.GetTempPath(), $"dcdm-{Guid.NewGuid():N}.dcdm");

    [Fact]
    public void ModelRoundTripsWithItsWeightsAndProvenance()
    {
        var network = PressureNetwork.CreateRandom(new NetworkArchitecture { Levels = 3 }, seed: 9);
        var model = new DcdmModel(network, 48, seed: 9, samples: 123, epochs: 4, finalLoss: 0.0125);
        string path = Temp();
        model.Save(path);
        var loaded = DcdmModel.Load(path);
        File.Delete(path);
        Assert.Equal(3, loaded.Network.Architecture.Levels);
        Assert.Equal((48, 9, 123, 4, 0.0125), (loaded.TrainingGrid, loaded.Seed, loaded.Samples, loaded.Epochs, loaded.FinalLoss));
        Assert.Equal(network.Parameters, loaded.Network.Parameters);

        var input = NetworkTestMaps.RandomArray(16 * 16, seed: 1);
        var a = new float[input.Length];
        var b = new float[input.Length];
        network.Apply(input, 16, 16, a);
        loaded.Network.Apply(input, 16, 16, b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void ArchitectureFlagsRoundTrip()
    {
        var network = PressureNetwork.CreateRandom(new NetworkArchitecture { SharedLevels = true, MaskChannel = true }, seed: 4);
        string path = Temp();
        new DcdmModel(network, 32, 4, 10, 1, 0.5).Save(path);
        var loaded = DcdmModel.Load(path);
        File.Delete(path);
        Assert.True(loaded.Network.Architecture.SharedLevels);
        Assert.True(loaded.Network.Architecture.MaskChannel);
        Assert.Equal(network.Parameters, loaded.Network.Parameters);
    }

    [Fact]
    public void ACorruptedByteIsDetectedByTheChecksum()
    {
        string path = SavedModel();
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => DcdmModel.Load(path));
        File.Delete(path);
        Assert.Contains("corrupted", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void TruncatedForeignAndFutureFilesAreRefusedWithTheReason()
    {
        string path = SavedModel();
        var bytes = File.ReadAllBytes(path);

        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => DcdmModel.Load(path)).Message);

        File.WriteAllText(path, "%%MatrixMarket matrix coordinate real general\n");
        Assert.Contains("not a DCDM model", Assert.Throws<InvalidDataException>(() => DcdmModel.Load(path)).Message);

        var future = (byte[])bytes.Clone();
        future[8] = 99;
        File.WriteAllBytes(path, future);
        Assert.Contains("version 99", Assert.Throws<InvalidDataException>(() => DcdmModel.Load(path)).Message);
        File.Delete(path);

        Assert.Throws<FileNotFoundException>(() => DcdmModel.Load(path));
    }

    [Fact]
    public void AModelWhoseWeightsDoNotFitItsArchitectureIsRefused()
    {
        // A well-formed file (valid checksum) that claims 3 levels but holds a 2-level network's weights.
        string path = SavedModel();
        var bytes = File.ReadAllBytes(path);
        BitConverter.GetBytes(3).CopyTo(bytes, 12);       // levels field, after the magic and the version
        ulong hash = 14695981039346656037UL;               // FNV-1a 64 over everything but the trailing checksum
        for (int i = 0; i < bytes.Length - 8; i++) hash = (hash ^ bytes[i]) * 1099511628211UL;
        BitConverter.GetBytes(hash).CopyTo(bytes, bytes.Length - 8);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => DcdmModel.Load(path));
        File.Delete(path);
        Assert.Contains("does not match its architecture", e.Message);
        Assert.Contains("3 levels", e.Message);
    }

    [Fact]
    public void TheShippedModelLoadsAndSaysHowItWasTrained()
    {
        var model = ShippedModel.Model;
        Assert.Equal(64, model.TrainingGrid);
        Assert.True(model.FinalLoss is > 0 and < 0.5, $"final loss {model.FinalLoss}");
        Assert.True(model.Samples >= 1000 && model.Epochs >= 1);
    }

    private static string SavedModel()
    {
        var model = new DcdmModel(PressureNetwork.CreateRandom(new NetworkArchitecture(), seed: 2), 16, 2, 10, 1, 0.5);
        string path = Temp();
        model.Save(path);
        return path;
    }
}
