using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Solvers.Linear.Dcdm.Network;

/// <summary>
/// The convolutional network f of the deep conjugate direction method: it maps a residual on an H x W grid to an
/// approximation of A^-1 r up to scale. Fully convolutional, so one trained network runs on any grid whose sides are
/// multiples of <see cref="NetworkArchitecture.GridMultiple"/>. Single precision: the network only proposes directions,
/// which DCDM orthogonalises and steps along in double precision.
/// </summary>
public sealed class PressureNetwork
{
    private readonly List<NetworkNode> _nodes = [];
    private int _parameterCount;

    private PressureNetwork(NetworkArchitecture architecture)
    {
        architecture.Validate();
        Architecture = architecture;
        Build();
        Parameters = new float[_parameterCount];
    }

    internal static double ResidualBranchScale = 1.0;

    /// <summary>The network's shape.</summary>
    public NetworkArchitecture Architecture { get; }

    /// <summary>Number of trainable weights and biases.</summary>
    public int ParameterCount => Parameters.Length;

    /// <summary>Weights then biases of every layer, in graph order.</summary>
    internal float[] Parameters { get; }

    internal IReadOnlyList<NetworkNode> Nodes => _nodes;

    /// <summary>A network with He-initialised weights (zero biases) drawn from <paramref name="seed"/>.</summary>
    public static PressureNetwork CreateRandom(NetworkArchitecture architecture, int seed)
    {
        var network = new PressureNetwork(architecture);
        var random = new Random(seed);
        var residualBranches = network._nodes.Where(n => n.Kind == NodeKind.Add).Select(n => n.A).ToHashSet();
        for (int index = 0; index < network._nodes.Count; index++)
        {
            var node = network._nodes[index];
            if (node.WeightCount == 0) continue;
            int fanIn = node.WeightCount / (node.Kind == NodeKind.Output ? 1 : ConvolutionKernels.Lanes);
            double scale = Math.Sqrt((node.Relu ? 2.0 : 1.0) / fanIn);
            if (residualBranches.Contains(index)) scale *= ResidualBranchScale;
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
    internal NetworkWorkspace CreateWorkspace(int height, int width)
    {
        int multiple = Architecture.GridMultiple;
        if (height < multiple || width < multiple || height % multiple != 0 || width % multiple != 0)
            throw new ArgumentException(
                $"The DCDM network with {Architecture.Levels} levels needs grid sides that are positive multiples of {multiple}; got {height} x {width}.");
        return new NetworkWorkspace(_nodes, height, width, Architecture.Levels);
    }

    /// <summary>Applies the network to <paramref name="input"/> (row-major, height x width) and writes the output grid.</summary>
    public void Apply(ReadOnlySpan<float> input, int height, int width, Span<float> output)
    {
        var workspace = CreateWorkspace(height, width);
        Apply(workspace, input, output);
    }

    internal void Apply(NetworkWorkspace workspace, ReadOnlySpan<float> input, Span<float> output)
    {
        int h = workspace.Height, w = workspace.Width;
        if (input.Length != h * w || output.Length != h * w)
            throw new ArgumentException($"Grid {h} x {w} needs {h * w} values; got {input.Length} in and {output.Length} out.");
        for (int y = 0; y < h; y++) input.Slice(y * w, w).CopyTo(workspace.Input.Data.AsSpan(workspace.Input.Offset(y, 0), w));
        Forward(workspace);
        for (int y = 0; y < h; y++) workspace.Output.Data.AsSpan(workspace.Output.Offset(y, 0), w).CopyTo(output.Slice(y * w, w));
    }

    /// <summary>Runs the graph on the workspace's input map.</summary>
    internal void Forward(NetworkWorkspace ws)
    {
        var p = Parameters;
        for (int i = 1; i < _nodes.Count; i++)
        {
            var node = _nodes[i];
            var value = ws.Values[i];
            switch (node.Kind)
            {
                case NodeKind.Convolution:
                    ConvolutionKernels.Forward3x3(ws.Values[node.A], p.AsSpan(node.WeightOffset, node.WeightCount),
                        p.AsSpan(node.BiasOffset, node.BiasCount), value, node.Relu, accumulate: false);
                    break;
                case NodeKind.Output:
                    ConvolutionKernels.Forward1x1(ws.Values[node.A], p.AsSpan(node.WeightOffset, node.WeightCount), p[node.BiasOffset], value);
                    break;
                case NodeKind.Pool:
                    Resampling.AveragePool(ws.Values[node.A], value);
                    break;
                case NodeKind.Upsample:
                    Resampling.Upsample(ws.Values[node.A], value);
                    break;
                case NodeKind.Add:
                    TensorPrimitives.Add(ws.Values[node.A].Data, ws.Values[node.B].Data, value.Data);
                    break;
            }
        }
    }

    /// <summary>
    /// Back-propagates <see cref="NetworkWorkspace.OutputGradient"/> (set by the caller after <see cref="Forward"/>)
    /// and adds the parameter gradient to <paramref name="gradient"/>. <paramref name="adjointWeights"/> holds
    /// <see cref="ComputeAdjointWeights"/> of the current parameters.
    /// </summary>
    internal void Backward(NetworkWorkspace ws, Span<float> gradient, float[] adjointWeights)
    {
        if (gradient.Length != Parameters.Length) throw new ArgumentException("Gradient length differs from the parameter count.");
        for (int i = 0; i < _nodes.Count - 1; i++) ws.Gradients[i].Clear();
        var p = Parameters;
        for (int i = _nodes.Count - 1; i >= 1; i--)
        {
            var node = _nodes[i];
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
                    Resampling.UpsampleBackward(g, ws.Gradients[node.A]);
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
        foreach (var node in _nodes)
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

    private void Build()
    {
        int levels = Architecture.Levels;
        Add(new NetworkNode(NodeKind.Input, 0, 1));
        int x = Conv(0, relu: false);
        int a2 = Conv(x, relu: true);
        int a3 = Conv(a2, relu: true);
        int a4 = Add(new NetworkNode(NodeKind.Add, 0, ConvolutionKernels.Lanes, Conv(a3, relu: true), a2));
        int current = Conv(a4, relu: true);
        var skips = new int[levels];
        skips[0] = current;
        for (int level = 1; level < levels; level++)
        {
            current = Add(new NetworkNode(NodeKind.Pool, level, ConvolutionKernels.Lanes, current));
            current = ResidualPairs(current, level == levels - 1 ? 3 : 1);
            skips[level] = current;
        }
        for (int level = levels - 2; level >= 0; level--)
        {
            int up = Add(new NetworkNode(NodeKind.Upsample, level, ConvolutionKernels.Lanes, current));
            current = Add(new NetworkNode(NodeKind.Add, level, ConvolutionKernels.Lanes, up, skips[level]));
            current = ResidualPairs(current, level == 0 ? 2 : 1);
        }
        int lanes = ConvolutionKernels.Lanes;
        Add(new NetworkNode(NodeKind.Output, 0, 1, current, WeightOffset: _parameterCount, WeightCount: lanes, BiasCount: 1));
        _parameterCount += lanes + 1;
    }

    private int ResidualPairs(int input, int pairs)
    {
        for (int i = 0; i < pairs; i++)
        {
            int first = Conv(input, relu: true);
            int second = Conv(first, relu: true);
            input = Add(new NetworkNode(NodeKind.Add, _nodes[input].Level, ConvolutionKernels.Lanes, second, input));
        }
        return input;
    }

    private int Conv(int input, bool relu)
    {
        int lanes = ConvolutionKernels.Lanes;
        int weights = 9 * _nodes[input].Channels * lanes;
        int index = Add(new NetworkNode(NodeKind.Convolution, _nodes[input].Level, lanes, input, Relu: relu,
            WeightOffset: _parameterCount, WeightCount: weights, BiasCount: lanes));
        _parameterCount += weights + lanes;
        return index;
    }

    private int Add(NetworkNode node)
    {
        _nodes.Add(node);
        return _nodes.Count - 1;
    }

    private static double Gaussian(Random random)
        => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
