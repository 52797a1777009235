using Solvers.Linear.Dcdm.Network;

namespace Solvers.Linear.Tests.Dcdm;

/// <summary>
/// A double-precision forward pass of a <see cref="PressureNetwork"/>'s graph written with plain loops and bounds tests,
/// independent of the SIMD kernels: the reference for the forward pass and the function finite differences are taken of.
/// </summary>
internal static class NaiveNetwork
{
    public static double[] Forward(PressureNetwork network, IReadOnlyList<double> parameters, float[] input, int h, int w)
    {
        var nodes = network.GraphFor(h, w);
        var values = new double[nodes.Count][,,];
        int c0 = network.Architecture.InputChannels;
        values[0] = new double[h, w, c0];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int k = 0; k < c0; k++) values[0][y, x, k] = input[(y * w + x) * c0 + k];
        for (int i = 1; i < nodes.Count; i++)
        {
            var node = nodes[i];
            var a = values[node.A];
            int hh = h >> node.Level, ww = w >> node.Level, c = node.Channels;
            var v = new double[hh, ww, c];
            for (int y = 0; y < hh; y++)
                for (int x = 0; x < ww; x++)
                    for (int k = 0; k < c; k++)
                        v[y, x, k] = node.Kind switch
                        {
                            NodeKind.Convolution => Conv(a, parameters, node, y, x, k),
                            NodeKind.Output => OneByOne(a, parameters, node, y, x),
                            NodeKind.Pool => (a[2 * y, 2 * x, k] + a[2 * y + 1, 2 * x, k] + a[2 * y, 2 * x + 1, k] + a[2 * y + 1, 2 * x + 1, k]) / 4,
                            NodeKind.Upsample => node.Gain * a[y / 2, x / 2, k],
                            NodeKind.Add => a[y, x, k] + values[node.B][y, x, k],
                            _ => throw new InvalidOperationException(),
                        };
            values[i] = v;
        }
        var output = new double[h * w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) output[y * w + x] = values[^1][y, x, 0];
        return output;
    }

    private static double Conv(double[,,] a, IReadOnlyList<double> p, NetworkNode node, int y, int x, int o)
    {
        int h = a.GetLength(0), w = a.GetLength(1), cin = a.GetLength(2), cout = node.Channels;
        double sum = p[node.BiasOffset + o];
        for (int tap = 0; tap < 9; tap++)
        {
            int yy = y + tap / 3 - 1, xx = x + tap % 3 - 1;
            if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
            for (int c = 0; c < cin; c++) sum += p[node.WeightOffset + (tap * cin + c) * cout + o] * a[yy, xx, c];
        }
        return node.Relu ? Math.Max(0, sum) : sum;
    }

    private static double OneByOne(double[,,] a, IReadOnlyList<double> p, NetworkNode node, int y, int x)
    {
        double sum = p[node.BiasOffset];
        for (int c = 0; c < a.GetLength(2); c++) sum += p[node.WeightOffset + c] * a[y, x, c];
        return sum;
    }
}
