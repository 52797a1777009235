namespace Solvers.Linear.Dcdm.Network;

/// <summary>
/// Builds the node list of a <see cref="PressureNetwork"/> for a number of grid levels. Layers ask for their parameters
/// by name; the first request of a name allocates its block in the flat parameter array, later ones share it. With
/// <see cref="NetworkArchitecture.SharedLevels"/> the residual pairs of all intermediate levels use one name per
/// direction (down, up), so one set of weights serves every level, as a multigrid cycle uses one smoother on all grids.
/// </summary>
internal sealed class NetworkGraph
{
    private readonly NetworkArchitecture _architecture;
    private readonly Dictionary<string, (int Offset, int Weights, int Biases)> _blocks;
    private readonly bool _frozen;
    private readonly List<NetworkNode> _nodes = [];

    private NetworkGraph(NetworkArchitecture architecture, Dictionary<string, (int, int, int)> blocks, bool frozen)
    {
        _architecture = architecture;
        _blocks = blocks;
        _frozen = frozen;
    }

    public IReadOnlyList<NetworkNode> Nodes => _nodes;

    /// <summary>Names of the parameter blocks that end a residual branch (scaled down at initialisation).</summary>
    public HashSet<int> ResidualBranchOffsets { get; } = [];

    /// <summary>
    /// The template graph: every parameter block allocated, in a fixed order. For shared levels it is built with one
    /// intermediate level so that the shared blocks exist.
    /// </summary>
    public static (NetworkGraph Graph, int ParameterCount) Template(NetworkArchitecture architecture)
    {
        var graph = new NetworkGraph(architecture, [], frozen: false);
        graph.Build(architecture.SharedLevels ? 3 : architecture.Levels);
        int count = graph._blocks.Values.Sum(b => b.Weights + b.Biases);
        return (graph, count);
    }

    /// <summary>The graph for <paramref name="levels"/> levels, using the template's parameter blocks.</summary>
    public static NetworkGraph ForLevels(NetworkGraph template, int levels)
    {
        var graph = new NetworkGraph(template._architecture, template._blocks, frozen: true);
        graph.Build(levels);
        return graph;
    }

    private void Build(int levels)
    {
        bool shared = _architecture.SharedLevels;
        float gain = shared ? NetworkArchitecture.SharedUpsampleGain : 1f;
        int lanes = ConvolutionKernels.Lanes;
        Add(new NetworkNode(NodeKind.Input, 0, _architecture.InputChannels));
        int x = Conv(0, false, "fine.0");
        int a2 = Conv(x, true, "fine.1");
        int a3 = Conv(a2, true, "fine.2");
        int a4 = Add(new NetworkNode(NodeKind.Add, 0, lanes, Conv(a3, true, "fine.3", endsBranch: true), a2));
        int current = Conv(a4, true, "fine.4");
        var skips = new int[levels];
        skips[0] = current;
        for (int level = 1; level < levels; level++)
        {
            current = Add(new NetworkNode(NodeKind.Pool, level, lanes, current));
            bool bottom = level == levels - 1;
            current = ResidualPairs(current, bottom ? 3 : 1, bottom ? "bottom" : shared ? "down" : $"down{level}");
            skips[level] = current;
        }
        for (int level = levels - 2; level >= 0; level--)
        {
            int up = Add(new NetworkNode(NodeKind.Upsample, level, lanes, current, Gain: gain));
            current = Add(new NetworkNode(NodeKind.Add, level, lanes, up, skips[level]));
            current = ResidualPairs(current, level == 0 ? 2 : 1, level == 0 ? "top" : shared ? "up" : $"up{level}");
        }
        var output = Block("output", lanes, 1);
        Add(new NetworkNode(NodeKind.Output, 0, 1, current, WeightOffset: output.Offset, WeightCount: output.Weights, BiasCount: output.Biases));
    }

    private int ResidualPairs(int input, int pairs, string name)
    {
        for (int i = 0; i < pairs; i++)
        {
            int first = Conv(input, true, $"{name}.{2 * i}");
            int second = Conv(first, true, $"{name}.{2 * i + 1}", endsBranch: true);
            input = Add(new NetworkNode(NodeKind.Add, _nodes[input].Level, ConvolutionKernels.Lanes, second, input));
        }
        return input;
    }

    private int Conv(int input, bool relu, string name, bool endsBranch = false)
    {
        int lanes = ConvolutionKernels.Lanes;
        var block = Block(name, 9 * _nodes[input].Channels * lanes, lanes);
        if (endsBranch) ResidualBranchOffsets.Add(block.Offset);
        return Add(new NetworkNode(NodeKind.Convolution, _nodes[input].Level, lanes, input, Relu: relu,
            WeightOffset: block.Offset, WeightCount: block.Weights, BiasCount: block.Biases));
    }

    private (int Offset, int Weights, int Biases) Block(string name, int weights, int biases)
    {
        if (_blocks.TryGetValue(name, out var block)) return block;
        if (_frozen) throw new InvalidOperationException($"Network layer '{name}' has no parameters in this model.");
        int offset = _blocks.Values.Sum(b => b.Weights + b.Biases);
        block = (offset, weights, biases);
        _blocks.Add(name, block);
        return block;
    }

    private int Add(NetworkNode node)
    {
        _nodes.Add(node);
        return _nodes.Count - 1;
    }
}
