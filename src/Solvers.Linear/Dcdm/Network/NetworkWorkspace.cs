namespace Solvers.Linear.Dcdm.Network;

/// <summary>
/// Everything one forward and backward pass of a <see cref="PressureNetwork"/> on one grid size needs: every node's value
/// and gradient, and one scratch map per level for ReLU-masked gradients. A workspace is reused across samples and
/// belongs to one thread.
/// </summary>
internal sealed class NetworkWorkspace
{
    public NetworkWorkspace(IReadOnlyList<NetworkNode> nodes, int height, int width, int levels)
    {
        Nodes = nodes;
        Height = height;
        Width = width;
        Values = new FeatureMap[nodes.Count];
        Gradients = new FeatureMap[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            Values[i] = new FeatureMap(height >> node.Level, width >> node.Level, node.Channels);
            Gradients[i] = new FeatureMap(height >> node.Level, width >> node.Level, node.Channels);
        }
        MaskedGradients = new FeatureMap[levels];
        for (int l = 0; l < levels; l++)
            MaskedGradients[l] = new FeatureMap(height >> l, width >> l, ConvolutionKernels.Lanes);
    }

    /// <summary>The graph this workspace was made for.</summary>
    public IReadOnlyList<NetworkNode> Nodes { get; }

    /// <summary>Threads a forward pass may use (row bands of each convolution); training uses one per sample instead.</summary>
    public int Threads { get; init; } = 1;

    public int Height { get; }
    public int Width { get; }
    public FeatureMap[] Values { get; }
    public FeatureMap[] Gradients { get; }
    public FeatureMap[] MaskedGradients { get; }

    public FeatureMap Input => Values[0];
    public FeatureMap Output => Values[^1];
    public FeatureMap OutputGradient => Gradients[^1];
}
