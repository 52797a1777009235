namespace Solvers.Linear.Dcdm.Network;

/// <summary>
/// A stack of <see cref="Channels"/> images of <see cref="Height"/> x <see cref="Width"/> pixels, stored
/// channel-innermost (HWC) with a one-pixel zero border. The border is what makes every 3x3 convolution a
/// "same"-padded one without a bounds test in the inner loop; no operation ever writes it.
/// </summary>
internal sealed class FeatureMap
{
    public FeatureMap(int height, int width, int channels)
    {
        if (height < 1 || width < 1 || channels < 1)
            throw new ArgumentOutOfRangeException(nameof(height), $"Feature map {height} x {width} x {channels} is empty.");
        Height = height;
        Width = width;
        Channels = channels;
        Data = new float[(height + 2) * (width + 2) * channels];
    }

    public int Height { get; }
    public int Width { get; }
    public int Channels { get; }

    /// <summary>(Height + 2) x (Width + 2) x Channels values, border included.</summary>
    public float[] Data { get; }

    /// <summary>Floats from one padded row to the next.</summary>
    public int RowStride => (Width + 2) * Channels;

    /// <summary>Offset of channel 0 of interior pixel (row, col).</summary>
    public int Offset(int row, int col) => ((row + 1) * (Width + 2) + col + 1) * Channels;

    public float this[int row, int col, int channel]
    {
        get => Data[Offset(row, col) + channel];
        set => Data[Offset(row, col) + channel] = value;
    }

    public void Clear() => Array.Clear(Data);
}
