using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Solvers.Linear.Dcdm.Network;

/// <summary>
/// 3x3 and 1x1 convolutions on <see cref="FeatureMap"/>s whose output has <see cref="Lanes"/> channels: one
/// <see cref="Vector512{T}"/> of floats holds a pixel's outputs, so a tap is one broadcast-multiply-add per input channel.
/// Eight pixels are computed together so that eight independent accumulators hide the FMA latency and each weight
/// vector is loaded once per eight uses.
/// </summary>
/// <remarks>Weights of a 3x3 layer are stored [tap][input channel][output channel], tap = (dy + 1) * 3 + (dx + 1).</remarks>
internal static unsafe class ConvolutionKernels
{
    /// <summary>Output channels of every 3x3 layer.</summary>
    public const int Lanes = 16;

    private const int Taps = 9;

    /// <summary>
    /// output = act(bias + conv(input, weights)), or output += conv(input, weights) when <paramref name="accumulate"/>
    /// (bias and activation then ignored). act is ReLU when <paramref name="relu"/>.
    /// </summary>
    public static void Forward3x3(FeatureMap input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, FeatureMap output,
        bool relu, bool accumulate) => Forward3x3(input, weights, bias, output, relu, accumulate, 0, input.Height);

    /// <summary><see cref="Forward3x3(FeatureMap, ReadOnlySpan{float}, ReadOnlySpan{float}, FeatureMap, bool, bool)"/> on output rows [rowStart, rowEnd).</summary>
    public static void Forward3x3(FeatureMap input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, FeatureMap output,
        bool relu, bool accumulate, int rowStart, int rowEnd)
    {
        int cin = input.Channels;
        CheckConv(input, output, weights.Length, cin);
        int w = input.Width;
        if ((uint)rowStart > (uint)rowEnd || rowEnd > input.Height) throw new ArgumentOutOfRangeException(nameof(rowEnd), "Row range outside the map.");
        int* tapOffset = stackalloc int[Taps];
        for (int t = 0; t < Taps; t++) tapOffset[t] = ((t / 3 - 1) * (w + 2) + (t % 3 - 1)) * cin;
        var zero = Vector512<float>.Zero;
        var biasVector = bias.IsEmpty ? zero : Vector512.Create(bias);

        fixed (float* inBase = input.Data)
        fixed (float* outBase = output.Data)
        fixed (float* wBase = weights)
        {
            for (int y = rowStart; y < rowEnd; y++)
            {
                float* inRow = inBase + input.Offset(y, 0);
                float* outRow = outBase + output.Offset(y, 0);
                int x = 0;
                for (; x + 8 <= w; x += 8)
                {
                    float* o = outRow + x * Lanes;
                    Vector512<float> a0, a1, a2, a3, a4, a5, a6, a7;
                    if (accumulate)
                    {
                        a0 = Vector512.Load(o); a1 = Vector512.Load(o + 16); a2 = Vector512.Load(o + 32); a3 = Vector512.Load(o + 48);
                        a4 = Vector512.Load(o + 64); a5 = Vector512.Load(o + 80); a6 = Vector512.Load(o + 96); a7 = Vector512.Load(o + 112);
                    }
                    else
                    {
                        a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = biasVector;
                    }
                    float* center = inRow + x * cin;
                    for (int t = 0; t < Taps; t++)
                    {
                        float* p = center + tapOffset[t];
                        float* wt = wBase + t * cin * Lanes;
                        for (int c = 0; c < cin; c++)
                        {
                            var wv = Vector512.Load(wt + c * Lanes);
                            a0 = Vector512.FusedMultiplyAdd(Vector512.Create(p[c]), wv, a0);
                            a1 = Vector512.FusedMultiplyAdd(Vector512.Create(p[cin + c]), wv, a1);
                            a2 = Vector512.FusedMultiplyAdd(Vector512.Create(p[2 * cin + c]), wv, a2);
                            a3 = Vector512.FusedMultiplyAdd(Vector512.Create(p[3 * cin + c]), wv, a3);
                            a4 = Vector512.FusedMultiplyAdd(Vector512.Create(p[4 * cin + c]), wv, a4);
                            a5 = Vector512.FusedMultiplyAdd(Vector512.Create(p[5 * cin + c]), wv, a5);
                            a6 = Vector512.FusedMultiplyAdd(Vector512.Create(p[6 * cin + c]), wv, a6);
                            a7 = Vector512.FusedMultiplyAdd(Vector512.Create(p[7 * cin + c]), wv, a7);
                        }
                    }
                    if (relu && !accumulate)
                    {
                        a0 = Vector512.Max(a0, zero); a1 = Vector512.Max(a1, zero); a2 = Vector512.Max(a2, zero); a3 = Vector512.Max(a3, zero);
                        a4 = Vector512.Max(a4, zero); a5 = Vector512.Max(a5, zero); a6 = Vector512.Max(a6, zero); a7 = Vector512.Max(a7, zero);
                    }
                    a0.Store(o); a1.Store(o + 16); a2.Store(o + 32); a3.Store(o + 48);
                    a4.Store(o + 64); a5.Store(o + 80); a6.Store(o + 96); a7.Store(o + 112);
                }
                for (; x < w; x++)
                {
                    float* o = outRow + x * Lanes;
                    var a = accumulate ? Vector512.Load(o) : biasVector;
                    float* center = inRow + x * cin;
                    for (int t = 0; t < Taps; t++)
                    {
                        float* p = center + tapOffset[t];
                        float* wt = wBase + t * cin * Lanes;
                        for (int c = 0; c < cin; c++)
                            a = Vector512.FusedMultiplyAdd(Vector512.Create(p[c]), Vector512.Load(wt + c * Lanes), a);
                    }
                    if (relu && !accumulate) a = Vector512.Max(a, zero);
                    a.Store(o);
                }
            }
        }
    }

    /// <summary>
    /// dWeights[tap][c][:] += sum over pixels p of input[p + tap][c] * gradOutput[p][:], and dBias += sum of gradOutput.
    /// Input channels are taken eight at a time so that eight accumulators run side by side.
    /// </summary>
    public static void WeightGradient3x3(FeatureMap input, FeatureMap gradOutput, Span<float> dWeights, Span<float> dBias)
    {
        int cin = input.Channels;
        CheckConv(input, gradOutput, dWeights.Length, cin);
        int h = input.Height, w = input.Width;
        fixed (float* inBase = input.Data)
        fixed (float* gBase = gradOutput.Data)
        fixed (float* dwBase = dWeights)
        {
            for (int t = 0; t < Taps; t++)
            {
                int tapOffset = ((t / 3 - 1) * (w + 2) + (t % 3 - 1)) * cin;
                for (int c0 = 0; c0 < cin; c0 += 8)
                {
                    int count = Math.Min(8, cin - c0);
                    float* dw = dwBase + (t * cin + c0) * Lanes;
                    if (count == 8) Accumulate8(inBase, gBase, input, gradOutput, tapOffset + c0, dw);
                    else
                        for (int c = 0; c < count; c++) Accumulate1(inBase, gBase, input, gradOutput, tapOffset + c0 + c, dw + c * Lanes);
                }
            }
            if (!dBias.IsEmpty)
            {
                var sum = Vector512<float>.Zero;
                for (int y = 0; y < h; y++)
                {
                    float* g = gBase + gradOutput.Offset(y, 0);
                    for (int x = 0; x < w; x++) sum += Vector512.Load(g + x * Lanes);
                }
                (Vector512.Create(dBias) + sum).CopyTo(dBias);
            }
        }
    }

    private static void Accumulate8(float* inBase, float* gBase, FeatureMap input, FeatureMap gradOutput, int inputShift, float* dw)
    {
        int cin = input.Channels;
        var a0 = Vector512.Load(dw); var a1 = Vector512.Load(dw + 16); var a2 = Vector512.Load(dw + 32); var a3 = Vector512.Load(dw + 48);
        var a4 = Vector512.Load(dw + 64); var a5 = Vector512.Load(dw + 80); var a6 = Vector512.Load(dw + 96); var a7 = Vector512.Load(dw + 112);
        for (int y = 0; y < input.Height; y++)
        {
            float* p = inBase + input.Offset(y, 0) + inputShift;
            float* g = gBase + gradOutput.Offset(y, 0);
            for (int x = 0; x < input.Width; x++, p += cin, g += Lanes)
            {
                var gv = Vector512.Load(g);
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(p[0]), gv, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Create(p[1]), gv, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Create(p[2]), gv, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Create(p[3]), gv, a3);
                a4 = Vector512.FusedMultiplyAdd(Vector512.Create(p[4]), gv, a4);
                a5 = Vector512.FusedMultiplyAdd(Vector512.Create(p[5]), gv, a5);
                a6 = Vector512.FusedMultiplyAdd(Vector512.Create(p[6]), gv, a6);
                a7 = Vector512.FusedMultiplyAdd(Vector512.Create(p[7]), gv, a7);
            }
        }
        a0.Store(dw); a1.Store(dw + 16); a2.Store(dw + 32); a3.Store(dw + 48);
        a4.Store(dw + 64); a5.Store(dw + 80); a6.Store(dw + 96); a7.Store(dw + 112);
    }

    private static void Accumulate1(float* inBase, float* gBase, FeatureMap input, FeatureMap gradOutput, int inputShift, float* dw)
    {
        int cin = input.Channels;
        var a = Vector512.Load(dw);
        for (int y = 0; y < input.Height; y++)
        {
            float* p = inBase + input.Offset(y, 0) + inputShift;
            float* g = gBase + gradOutput.Offset(y, 0);
            for (int x = 0; x < input.Width; x++, p += cin, g += Lanes)
                a = Vector512.FusedMultiplyAdd(Vector512.Create(*p), Vector512.Load(g), a);
        }
        a.Store(dw);
    }

    /// <summary>
    /// The weights of the adjoint of a 16 -> 16 3x3 convolution: transposed channel blocks in the point-reflected tap
    /// order. Running <see cref="Forward3x3(FeatureMap, ReadOnlySpan{float}, ReadOnlySpan{float}, FeatureMap, bool, bool)"/> with them on an output gradient gives the input gradient.
    /// </summary>
    public static void AdjointWeights(ReadOnlySpan<float> weights, Span<float> adjoint)
    {
        if (weights.Length != Taps * Lanes * Lanes || adjoint.Length != weights.Length)
            throw new ArgumentException("Adjoint weights exist for 16 -> 16 channel layers only.");
        for (int t = 0; t < Taps; t++)
            for (int ci = 0; ci < Lanes; ci++)
                for (int co = 0; co < Lanes; co++)
                    adjoint[((Taps - 1 - t) * Lanes + co) * Lanes + ci] = weights[(t * Lanes + ci) * Lanes + co];
    }

    /// <summary>output[p] = bias + weights . input[p] for a 1x1 layer with one output channel (the network's last layer).</summary>
    public static void Forward1x1(FeatureMap input, ReadOnlySpan<float> weights, float bias, FeatureMap output)
    {
        if (input.Channels != Lanes || weights.Length != Lanes || output.Channels != 1 || output.Height != input.Height || output.Width != input.Width)
            throw new ArgumentException("The 1x1 output layer maps 16 channels to 1 on the same grid.");
        var wv = Vector512.Create(weights);
        fixed (float* inBase = input.Data)
        fixed (float* outBase = output.Data)
        {
            for (int y = 0; y < input.Height; y++)
            {
                float* p = inBase + input.Offset(y, 0);
                float* o = outBase + output.Offset(y, 0);
                for (int x = 0; x < input.Width; x++, p += Lanes)
                    o[x] = bias + Vector512.Sum(Vector512.Load(p) * wv);
            }
        }
    }

    /// <summary>Gradients of <see cref="Forward1x1"/>: gradInput += g w^T, dWeights += sum g input, dBias += sum g.</summary>
    public static void Backward1x1(FeatureMap input, ReadOnlySpan<float> weights, FeatureMap gradOutput, FeatureMap? gradInput,
        Span<float> dWeights, ref float dBias)
    {
        var wv = Vector512.Create(weights);
        var dw = Vector512<float>.Zero;
        float db = 0;
        fixed (float* inBase = input.Data)
        fixed (float* gBase = gradOutput.Data)
        {
            for (int y = 0; y < input.Height; y++)
            {
                float* p = inBase + input.Offset(y, 0);
                float* g = gBase + gradOutput.Offset(y, 0);
                for (int x = 0; x < input.Width; x++, p += Lanes)
                {
                    float gx = g[x];
                    db += gx;
                    dw = Vector512.FusedMultiplyAdd(Vector512.Create(gx), Vector512.Load(p), dw);
                }
            }
            if (gradInput is not null)
            {
                fixed (float* giBase = gradInput.Data)
                {
                    for (int y = 0; y < input.Height; y++)
                    {
                        float* gi = giBase + gradInput.Offset(y, 0);
                        float* g = gBase + gradOutput.Offset(y, 0);
                        for (int x = 0; x < input.Width; x++, gi += Lanes)
                            Vector512.FusedMultiplyAdd(Vector512.Create(g[x]), wv, Vector512.Load(gi)).Store(gi);
                    }
                }
            }
        }
        (Vector512.Create(dWeights) + dw).CopyTo(dWeights);
        dBias += db;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CheckConv(FeatureMap input, FeatureMap output, int weightCount, int cin)
    {
        if (output.Channels != Lanes)
            throw new ArgumentException($"3x3 layers produce {Lanes} channels, the output map has {output.Channels}.");
        if (output.Height != input.Height || output.Width != input.Width)
            throw new ArgumentException($"Convolution maps {input.Height} x {input.Width} to {output.Height} x {output.Width}; sizes must agree.");
        if (weightCount != Taps * cin * Lanes)
            throw new ArgumentException($"A 3x3 layer with {cin} input channels has {Taps * cin * Lanes} weights, got {weightCount}.");
    }
}
