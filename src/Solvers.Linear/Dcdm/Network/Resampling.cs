namespace Solvers.Linear.Dcdm.Network;

/// <summary>2x2 average pooling and its adjoint-like partner, nearest-neighbour 2x upsampling, with their gradients.</summary>
internal static class Resampling
{
    /// <summary>coarse[y, x] = mean of fine[2y..2y+1, 2x..2x+1]; the fine size must be twice the coarse one.</summary>
    public static void AveragePool(FeatureMap fine, FeatureMap coarse)
    {
        CheckPair(fine, coarse);
        int c = fine.Channels;
        float[] f = fine.Data, k = coarse.Data;
        for (int y = 0; y < coarse.Height; y++)
            for (int x = 0; x < coarse.Width; x++)
            {
                int o = coarse.Offset(y, x), a = fine.Offset(2 * y, 2 * x), b = fine.Offset(2 * y + 1, 2 * x);
                for (int ch = 0; ch < c; ch++)
                    k[o + ch] = 0.25f * (f[a + ch] + f[a + c + ch] + f[b + ch] + f[b + c + ch]);
            }
    }

    /// <summary>Gradient of <see cref="AveragePool"/>: each fine pixel receives a quarter of its coarse pixel's gradient (added).</summary>
    public static void AveragePoolBackward(FeatureMap gradCoarse, FeatureMap gradFine)
    {
        CheckPair(gradFine, gradCoarse);
        int c = gradFine.Channels;
        float[] f = gradFine.Data, k = gradCoarse.Data;
        for (int y = 0; y < gradCoarse.Height; y++)
            for (int x = 0; x < gradCoarse.Width; x++)
            {
                int o = gradCoarse.Offset(y, x), a = gradFine.Offset(2 * y, 2 * x), b = gradFine.Offset(2 * y + 1, 2 * x);
                for (int ch = 0; ch < c; ch++)
                {
                    float g = 0.25f * k[o + ch];
                    f[a + ch] += g;
                    f[a + c + ch] += g;
                    f[b + ch] += g;
                    f[b + c + ch] += g;
                }
            }
    }

    /// <summary>fine[y, x] = gain * coarse[y / 2, x / 2].</summary>
    public static void Upsample(FeatureMap coarse, FeatureMap fine, float gain = 1f)
    {
        CheckPair(fine, coarse);
        int c = fine.Channels;
        for (int y = 0; y < fine.Height; y++)
            for (int x = 0; x < fine.Width; x++)
            {
                int o = coarse.Offset(y / 2, x / 2), f = fine.Offset(y, x);
                for (int ch = 0; ch < c; ch++) fine.Data[f + ch] = gain * coarse.Data[o + ch];
            }
    }

    /// <summary>Gradient of <see cref="Upsample"/>: each coarse pixel receives gain times the sum of its four fine pixels' gradients (added).</summary>
    public static void UpsampleBackward(FeatureMap gradFine, FeatureMap gradCoarse, float gain = 1f)
    {
        CheckPair(gradFine, gradCoarse);
        int c = gradFine.Channels;
        float[] f = gradFine.Data, k = gradCoarse.Data;
        for (int y = 0; y < gradFine.Height; y++)
            for (int x = 0; x < gradFine.Width; x++)
            {
                int o = gradCoarse.Offset(y / 2, x / 2), a = gradFine.Offset(y, x);
                for (int ch = 0; ch < c; ch++) k[o + ch] += gain * f[a + ch];
            }
    }

    private static void CheckPair(FeatureMap fine, FeatureMap coarse)
    {
        if (fine.Height != 2 * coarse.Height || fine.Width != 2 * coarse.Width || fine.Channels != coarse.Channels)
            throw new ArgumentException(
                $"Resampling needs a fine map twice the coarse one: {fine.Height} x {fine.Width} x {fine.Channels} vs {coarse.Height} x {coarse.Width} x {coarse.Channels}.");
    }
}
