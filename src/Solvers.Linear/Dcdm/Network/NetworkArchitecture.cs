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

    /// <summary>
    /// When true the number of levels follows the grid (coarsening down to a side of <see cref="CoarsestSide"/> to
    /// 2 x that) and all intermediate levels share one residual pair down and one up, so a model trained on one grid
    /// keeps a receptive field that spans larger grids. <see cref="Levels"/> is then ignored. Not in the paper.
    /// </summary>
    public bool SharedLevels { get; init; }

    /// <summary>
    /// When true the network gets a second input channel, 1 on cells that hold an unknown (fluid) and 0 elsewhere, so it
    /// can see obstacles instead of inferring them from zeros in the residual (the brief's optional mask channel; not in
    /// the paper).
    /// </summary>
    public bool MaskChannel { get; init; }

    /// <summary>Values per cell of the network's input: the residual, and the mask when <see cref="MaskChannel"/>.</summary>
    public int InputChannels => MaskChannel ? 2 : 1;

    /// <summary>Smallest coarse-grid side a shared-level network pools down to.</summary>
    public const int CoarsestSide = 4;

    /// <summary>
    /// Factor on every upsampled correction of a shared-level network. Halving the grid spacing quarters the unit-spacing
    /// Laplacian's inverse, so a level's correction must be worth 4x on the next finer level for shared weights to fit.
    /// </summary>
    public const float SharedUpsampleGain = 4f;

    /// <summary>Levels used on an <paramref name="height"/> x <paramref name="width"/> grid.</summary>
    public int LevelsFor(int height, int width)
    {
        if (!SharedLevels) return Levels;
        int side = Math.Min(height, width), levels = 1;
        while (side / 2 >= CoarsestSide) { side /= 2; levels++; }
        return Math.Max(2, levels);
    }

    /// <summary>The grid sides must be multiples of this on an <paramref name="height"/> x <paramref name="width"/> grid.</summary>
    public int GridMultipleFor(int height, int width) => 1 << (LevelsFor(height, width) - 1);

    /// <summary>Channels of every hidden layer; the convolution kernels are written for 16.</summary>
    public int Channels => Network.ConvolutionKernels.Lanes;

    /// <summary>Rejects unsupported shapes with a message naming the value.</summary>
    public void Validate()
    {
        if (Levels < 2 || Levels > 6)
            throw new ArgumentOutOfRangeException(nameof(Levels), $"A DCDM network has 2 to 6 grid levels, not {Levels}.");
    }
}
