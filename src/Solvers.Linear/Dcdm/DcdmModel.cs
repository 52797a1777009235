using System.Buffers.Binary;
using System.Text;
using Solvers.Linear.Dcdm.Network;

namespace Solvers.Linear.Dcdm;

/// <summary>
/// A trained DCDM network with what produced it, and its file format: a small little-endian binary file with a magic,
/// a format version, the architecture, the training settings, the float weights, and an FNV-1a checksum over everything
/// before it so that a truncated or altered file is refused instead of silently giving bad directions.
/// </summary>
public sealed class DcdmModel
{
    /// <summary>The format this build writes and reads.</summary>
    public const int FormatVersion = 2;

    private static readonly byte[] Magic = "SOLVDCDM"u8.ToArray();

    /// <summary>A model around a network, with its provenance.</summary>
    public DcdmModel(PressureNetwork network, int trainingGrid, int seed, int samples, int epochs, double finalLoss)
    {
        Network = network;
        TrainingGrid = trainingGrid;
        Seed = seed;
        Samples = samples;
        Epochs = epochs;
        FinalLoss = finalLoss;
    }

    /// <summary>The network.</summary>
    public PressureNetwork Network { get; }

    /// <summary>Side of the square grid it was trained on.</summary>
    public int TrainingGrid { get; }

    /// <summary>Seed of the training run.</summary>
    public int Seed { get; }

    /// <summary>Training samples (right-hand sides) used.</summary>
    public int Samples { get; }

    /// <summary>Training epochs.</summary>
    public int Epochs { get; }

    /// <summary>Mean validation loss after the last epoch.</summary>
    public double FinalLoss { get; }

    /// <summary>Writes the model file.</summary>
    public void Save(string path)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(Network.Architecture.Levels);
            writer.Write((Network.Architecture.SharedLevels ? 1 : 0) | (Network.Architecture.MaskChannel ? 2 : 0));
            writer.Write(Network.Architecture.Channels);
            writer.Write(TrainingGrid);
            writer.Write(Seed);
            writer.Write(Samples);
            writer.Write(Epochs);
            writer.Write(FinalLoss);
            writer.Write(Network.ParameterCount);
            foreach (float v in Network.Parameters) writer.Write(v);
        }
        var bytes = stream.ToArray();
        var file = new byte[bytes.Length + 8];
        bytes.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(bytes.Length), Fnv1a(bytes));
        File.WriteAllBytes(path, file);
    }

    /// <summary>Reads a model file.</summary>
    /// <exception cref="InvalidDataException">Not a DCDM model, another format version, truncated, corrupted (checksum),
    /// or a parameter count that does not match its architecture. The message names the file and the problem.</exception>
    public static DcdmModel Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"DCDM model '{path}' does not exist.", path);
        var bytes = File.ReadAllBytes(path);
        int header = 8 + 4 * 9 + 8;
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a DCDM model file (it does not start with SOLVDCDM).");
        if (bytes.Length < header + 8)
            throw new InvalidDataException($"DCDM model '{path}' is truncated: {bytes.Length} bytes is shorter than the header.");
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (version is < 1 or > FormatVersion)
            throw new InvalidDataException($"DCDM model '{path}' has format version {version}; this build reads versions 1 to {FormatVersion}.");
        if (version == 1) header -= 4; // version 1 had no architecture flags: fixed-level networks only
        int parameterCount = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(header - 4));
        long expected = header + 4L * parameterCount + 8;
        if (parameterCount < 0 || bytes.Length != expected)
            throw new InvalidDataException($"DCDM model '{path}' is truncated or padded: {bytes.Length} bytes, expected {expected} for {parameterCount} parameters.");
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8));
        if (stored != Fnv1a(bytes.AsSpan(0, bytes.Length - 8)))
            throw new InvalidDataException($"DCDM model '{path}' is corrupted: its checksum does not match its contents.");

        using var reader = new BinaryReader(new MemoryStream(bytes, Magic.Length + 4, bytes.Length - Magic.Length - 4));
        int levels = reader.ReadInt32();
        int flags = version >= 2 ? reader.ReadInt32() : 0;
        int channels = reader.ReadInt32();
        int grid = reader.ReadInt32();
        int seed = reader.ReadInt32();
        int samples = reader.ReadInt32();
        int epochs = reader.ReadInt32();
        double loss = reader.ReadDouble();
        reader.ReadInt32();
        if ((flags & ~3) != 0) throw new InvalidDataException($"DCDM model '{path}' has unknown architecture flags {flags}.");
        var architecture = new NetworkArchitecture { Levels = levels, SharedLevels = (flags & 1) != 0, MaskChannel = (flags & 2) != 0 };
        if (channels != architecture.Channels)
            throw new InvalidDataException($"DCDM model '{path}' has {channels} channels; this build's network has {architecture.Channels}.");
        var parameters = new float[parameterCount];
        for (int i = 0; i < parameterCount; i++)
        {
            parameters[i] = reader.ReadSingle();
            if (!float.IsFinite(parameters[i])) throw new InvalidDataException($"DCDM model '{path}' has a non-finite weight at index {i}.");
        }
        PressureNetwork network;
        try
        {
            network = PressureNetwork.FromParameters(architecture, parameters);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"DCDM model '{path}' does not match its architecture: {e.Message}", e);
        }
        return new DcdmModel(network, grid, seed, samples, epochs, loss);
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> data)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in data)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}
