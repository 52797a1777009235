using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Solvers.Linear.Dcdm.Network;

/// <summary>
/// The convolutional network f of the deep conjugate direction method: it maps a residual on an H x W grid to an
/// approximation of A^-1 r up to scale. Fully convolutional, so one trained network runs on any grid whose sides are
/// multiples of <see cref="NetworkArchitecture.GridMultipleFor"/>. Single precision: the network only proposes directions,
/// which DCDM orthogonalises and steps along in double precision.
/// </summary>
public sealed class PressureNetwork
{
    private readonly NetworkGraph _template;
    private readonly Dictionary<int, NetworkGraph> _graphs = [];

    private PressureNetwork(NetworkArchitecture architecture)
    {
        architecture.Validate();
        Architecture = architecture;
        (_template, int count) = NetworkGraph.Template(architecture);
        Parameters = new float[count];
    }

    /// <summary>The network's shape.</summary>
    public NetworkArchitecture Architecture { get; }

    /// <summary>Number of trainable weights and biases.</summary>
    public int ParameterCount => Parameters.Length;

    /// <summary>Weights then biases of every layer, in graph order.</summary>
    internal float[] Parameters { get; }

    /// <summary>The graph for a fixed-level network (every graph of a shared-level one uses the same blocks).</summary>
    internal IReadOnlyList<NetworkNode> Nodes => _template.Nodes;

    /// <summary>The graph used on an <paramref name="height"/> x <paramref name="width"/> grid.</summary>
    internal IReadOnlyList<NetworkNode> GraphFor(int height, int width) => Graph(Architecture.LevelsFor(height, width)).Nodes;

    private NetworkGraph Graph(int levels)
    {
        if (!Architecture.SharedLevels) return _template;
        lock (_graphs)
        {
            if (!_graphs.TryGetValue(levels, out var graph)) _graphs[levels] = graph = NetworkGraph.ForLevels(_template, levels);
            return graph;
        }
    }

    /// <summary>
    /// A network with He-initialised weights (zero biases) drawn from <paramref name="seed"/>; the last convolution of
    /// each residual branch is scaled by <paramref name="residualScale"/>.
    /// </summary>
    public static PressureNetwork CreateRandom(NetworkArchitecture architecture, int seed, double residualScale = 1.0)
    {
        var network = new PressureNetwork(architecture);
        var random = new Random(seed);
        var initialised = new HashSet<int>();
        foreach (var node in network._template.Nodes)
        {
            if (node.WeightCount == 0 || !initialised.Add(node.WeightOffset)) continue;
            int fanIn = node.WeightCount / (node.Kind == NodeKind.Output ? 1 : ConvolutionKernels.Lanes);
            double scale = Math.Sqrt((node.Relu ? 2.0 : 1.0) / fanIn);
            if (network._template.ResidualBranchOffsets.Contains(node.WeightOffset)) scale *= residualScale;
            for (int i = 0; i < node.WeightCount; i++) network.Parameters[node.WeightOffset + i] = (float)(scale * Gaussian(random));
        }
        return network;
    }

    /// <summary>A network of the given shape holding <paramref name="parameters"/> (copied); the count must match.</summary>
    public static PressureNetwork FromParameters(NetworkArchitecture architecture, ReadOnlySpan<float> parameters)
    {
        var network = new PressureNetwork(architecture);
        if (parameters.Length != network.Parameters.Length)
            throw new ArgumentException($"A DCDM network with {architecture.Levels} levels has {network.Parameters.Length} parameters, got {parameters.Length}.");
        parameters.CopyTo(network.Parameters);
        return network;
    }

    /// <summary>Buffers for passes on an <paramref name="height"/> x <paramref name="width"/> grid.</summary>
    internal NetworkWorkspace CreateWorkspace(int height, int width, int threads = 1)
    {
        int levels = Architecture.LevelsFor(height, width), multiple = 1 << (levels - 1);
        if (height < multiple || width < multiple || height % multiple != 0 || width % multiple != 0)
            throw new ArgumentException(
                $"The DCDM network with {levels} levels needs grid sides that are positive multiples of {multiple}; got {height} x {width}.");
        return new NetworkWorkspace(Graph(levels).Nodes, height, width, levels) { Threads = Math.Max(1, threads) };
    }

    /// <summary>
    /// Applies the network to <paramref name="input"/> (row-major, height x width, with
    /// <see cref="NetworkArchitecture.InputChannels"/> values per cell interleaved) and writes the output grid.
    /// </summary>
    public void Apply(ReadOnlySpan<float> input, int height, int width, Span<float> output)
    {
        var workspace = CreateWorkspace(height, width);
        Apply(workspace, input, output);
    }

    internal void Apply(NetworkWorkspace workspace, ReadOnlySpan<float> input, Span<float> output)
    {
        int h = workspace.Height, w = workspace.Width, c = Architecture.InputChannels;
        if (input.Length != h * w * c || output.Length != h * w)
            throw new ArgumentException($"Grid {h} x {w} needs {h * w * c} input and {h * w} output values; got {input.Length} and {output.Length}.");
        for (int y = 0; y < h; y++) input.Slice(y * w * c, w * c).CopyTo(workspace.Input.Data.AsSpan(workspace.Input.Offset(y, 0), w * c));
        Forward(workspace);
        for (int y = 0; y < h; y++) workspace.Output.Data.AsSpan(workspace.Output.Offset(y, 0), w).CopyTo(output.Slice(y * w, w));
    }

    /// <summary>Runs the graph on the workspace's input map.</summary>
    internal void Forward(NetworkWorkspace ws)
    {
        var p = Parameters;
        var nodes = ws.Nodes;
        for (int i = 1; i < nodes.Count; i++)
        {
            var node = nodes[i];
            var value = ws.Values[i];
            switch (node.Kind)
            {
                case NodeKind.Convolution:
                    Convolve(node, ws.Values[node.A], value, ws.Threads);
                    break;
                case NodeKind.Output:
                    ConvolutionKernels.Forward1x1(ws.Values[node.A], p.AsSpan(node.WeightOffset, node.WeightCount), p[node.BiasOffset], value);
                    break;
                case NodeKind.Pool:
                    Resampling.AveragePool(ws.Values[node.A], value);
                    break;
                case NodeKind.Upsample:
                    Resampling.Upsample(ws.Values[node.A], value, node.Gain);
                    break;
                case NodeKind.Add:
                    TensorPrimitives.Add(ws.Values[node.A].Data, ws.Values[node.B].Data, value.Data);
                    break;
            }
        }
    }

    /// <summary>
    /// One 3x3 layer's forward pass. With several threads the output rows are split into one band per thread (the
    /// convolutions are 90 % of a forward pass); each band is computed exactly as the serial pass computes it.
    /// </summary>
    private void Convolve(NetworkNode node, FeatureMap input, FeatureMap output, int threads)
    {
        int height = output.Height;
        int bands = threads > 1 && height >= 4 * threads ? threads : 1;
        if (bands == 1)
        {
            ConvolutionKernels.Forward3x3(input, Parameters.AsSpan(node.WeightOffset, node.WeightCount),
                Parameters.AsSpan(node.BiasOffset, node.BiasCount), output, node.Relu, accumulate: false);
            return;
        }
        Parallel.For(0, bands, new ParallelOptions { MaxDegreeOfParallelism = bands }, band =>
            ConvolutionKernels.Forward3x3(input, Parameters.AsSpan(node.WeightOffset, node.WeightCount),
                Parameters.AsSpan(node.BiasOffset, node.BiasCount), output, node.Relu, false,
                band * height / bands, (band + 1) * height / bands));
    }

    /// <summary>
    /// Back-propagates <see cref="NetworkWorkspace.OutputGradient"/> (set by the caller after <see cref="Forward"/>)
    /// and adds the parameter gradient to <paramref name="gradient"/>. <paramref name="adjointWeights"/> holds
    /// <see cref="ComputeAdjointWeights"/> of the current parameters.
    /// </summary>
    internal void Backward(NetworkWorkspace ws, Span<float> gradient, float[] adjointWeights)
    {
        if (gradient.Length != Parameters.Length) throw new ArgumentException("Gradient length differs from the parameter count.");
        var nodes = ws.Nodes;
        for (int i = 0; i < nodes.Count - 1; i++) ws.Gradients[i].Clear();
        var p = Parameters;
        for (int i = nodes.Count - 1; i >= 1; i--)
        {
            var node = nodes[i];
            var g = ws.Gradients[i];
            switch (node.Kind)
            {
                case NodeKind.Output:
                    ConvolutionKernels.Backward1x1(ws.Values[node.A], p.AsSpan(node.WeightOffset, node.WeightCount), g, ws.Gradients[node.A],
                        gradient.Slice(node.WeightOffset, node.WeightCount), ref gradient[node.BiasOffset]);
                    break;
                case NodeKind.Convolution:
                    var masked = g;
                    if (node.Relu)
                    {
                        masked = ws.MaskedGradients[node.Level];
                        MaskByPositive(g.Data, ws.Values[i].Data, masked.Data);
                    }
                    ConvolutionKernels.WeightGradient3x3(ws.Values[node.A], masked, gradient.Slice(node.WeightOffset, node.WeightCount),
                        gradient.Slice(node.BiasOffset, node.BiasCount));
                    if (node.A != 0)
                        ConvolutionKernels.Forward3x3(masked, adjointWeights.AsSpan(node.WeightOffset, node.WeightCount), default,
                            ws.Gradients[node.A], relu: false, accumulate: true);
                    break;
                case NodeKind.Pool:
                    Resampling.AveragePoolBackward(g, ws.Gradients[node.A]);
                    break;
                case NodeKind.Upsample:
                    Resampling.UpsampleBackward(g, ws.Gradients[node.A], node.Gain);
                    break;
                case NodeKind.Add:
                    TensorPrimitives.Add(ws.Gradients[node.A].Data, g.Data, ws.Gradients[node.A].Data);
                    TensorPrimitives.Add(ws.Gradients[node.B].Data, g.Data, ws.Gradients[node.B].Data);
                    break;
            }
        }
    }

    /// <summary>A parameter-sized array whose 16 -> 16 convolution blocks hold the adjoint weights (other entries unused).</summary>
    internal float[] ComputeAdjointWeights(float[]? into = null)
    {
        var adjoint = into ?? new float[Parameters.Length];
        foreach (var node in _template.Nodes)
            if (node.Kind == NodeKind.Convolution && node.A != 0)
                ConvolutionKernels.AdjointWeights(Parameters.AsSpan(node.WeightOffset, node.WeightCount), adjoint.AsSpan(node.WeightOffset, node.WeightCount));
        return adjoint;
    }

    private static void MaskByPositive(float[] gradient, float[] value, float[] masked)
    {
        int i = 0;
        var zero = Vector512<float>.Zero;
        for (; i + 16 <= gradient.Length; i += 16)
        {
            var v = Vector512.Create(value.AsSpan(i, 16));
            var gv = Vector512.Create(gradient.AsSpan(i, 16));
            Vector512.ConditionalSelect(Vector512.GreaterThan(v, zero), gv, zero).CopyTo(masked.AsSpan(i, 16));
        }
        for (; i < gradient.Length; i++) masked[i] = value[i] > 0 ? gradient[i] : 0;
    }

    private static double Gaussian(Random random)
        => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
