namespace Solvers.Linear.Dcdm.Network;

/// <summary>The operations a <see cref="PressureNetwork"/> is made of.</summary>
internal enum NodeKind
{
    Input,
    Convolution,
    Output,
    Pool,
    Upsample,
    Add,
}

/// <summary>
/// One operation of the network's graph, applied to the values of nodes <see cref="A"/> (and <see cref="B"/> for
/// <see cref="NodeKind.Add"/>) that come earlier in topological order. Convolution weights live in the network's flat
/// parameter array at <see cref="WeightOffset"/>, followed by the biases.
/// </summary>
internal sealed record NetworkNode(NodeKind Kind, int Level, int Channels, int A = -1, int B = -1, bool Relu = false,
    int WeightOffset = -1, int WeightCount = 0, int BiasCount = 0, float Gain = 1f)
{
    public int BiasOffset => WeightOffset + WeightCount;
}
