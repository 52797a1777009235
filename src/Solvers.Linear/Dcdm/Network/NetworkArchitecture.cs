namespace Solvers.Linear.Dcdm.Network;

/// <summary>
/// Shape of the DCDM network (brief section 6): a linear 3x3 convolution and four ReLU convolutions on the fine grid,
/// average pooling, three residual pairs of ReLU convolutions at the coarsest level, nearest upsampling added to the
/// fine-level skip, two residual pairs, and a 1x1 linear output. With <see cref="Levels"/> = 2 that is the brief's
/// network (33k parameters); each further level adds one pooled residual pair on the way down and one on the way up,
/// which widens the receptive field on large grids.
/// </summary>
public sealed record NetworkArchitecture
{
    /// <summary>Grid levels, the fine one included; 2 is the brief's network.</summary>
    public int Levels { get; init; } = 2;

    /// <summary>Channels of every hidden layer; the convolution kernels are written for 16.</summary>
    public int Channels => Network.ConvolutionKernels.Lanes;

    /// <summary>The grid sides the network accepts are multiples of this (2^(Levels - 1)); the solver pads others.</summary>
    public int GridMultiple => 1 << (Levels - 1);

    /// <summary>Rejects unsupported shapes with a message naming the value.</summary>
    public void Validate()
    {
        if (Levels < 2 || Levels > 6)
            throw new ArgumentOutOfRangeException(nameof(Levels), $"A DCDM network has 2 to 6 grid levels, not {Levels}.");
    }
}
