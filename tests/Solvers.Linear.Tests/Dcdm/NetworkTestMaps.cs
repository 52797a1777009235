using Solvers.Linear.Dcdm.Network;

namespace Solvers.Linear.Tests.Dcdm;

/// <summary>Seeded feature maps and naive reference loops (double accumulation, explicit bounds tests) for the network tests.</summary>
internal static class NetworkTestMaps
{
    public static FeatureMap Random(int h, int w, int c, int seed)
    {
        var map = new FeatureMap(h, w, c);
        var random = new Random(seed);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int k = 0; k < c; k++) map[y, x, k] = (float)(2 * random.NextDouble() - 1);
        return map;
    }

    public static float[] RandomArray(int length, int seed, double scale = 1.0)
    {
        var random = new Random(seed);
        var a = new float[length];
        for (int i = 0; i < length; i++) a[i] = (float)(scale * (2 * random.NextDouble() - 1));
        return a;
    }

    /// <summary>out[y,x,o] = bias[o] + sum over dy, dx in -1..1 and c of w[tap][c][o] in[y+dy, x+dx, c], zero outside.</summary>
    public static double[,,] NaiveConv(FeatureMap input, float[] w, float[] bias, int cout)
    {
        int h = input.Height, wd = input.Width, cin = input.Channels;
        var result = new double[h, wd, cout];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < wd; x++)
                for (int o = 0; o < cout; o++)
                {
                    double sum = bias.Length > 0 ? bias[o] : 0;
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dx = -1; dx <= 1; dx++)
                        {
                            int yy = y + dy, xx = x + dx;
                            if (yy < 0 || yy >= h || xx < 0 || xx >= wd) continue;
                            int tap = (dy + 1) * 3 + dx + 1;
                            for (int c = 0; c < cin; c++) sum += w[(tap * cin + c) * cout + o] * (double)input[yy, xx, c];
                        }
                    result[y, x, o] = sum;
                }
        return result;
    }

    public static double Dot(FeatureMap a, FeatureMap b)
    {
        double sum = 0;
        for (int y = 0; y < a.Height; y++)
            for (int x = 0; x < a.Width; x++)
                for (int c = 0; c < a.Channels; c++) sum += (double)a[y, x, c] * b[y, x, c];
        return sum;
    }

    public static bool BorderIsZero(FeatureMap map)
    {
        for (int y = -1; y <= map.Height; y++)
            for (int x = -1; x <= map.Width; x++)
            {
                if (y >= 0 && y < map.Height && x >= 0 && x < map.Width) continue;
                int offset = ((y + 1) * (map.Width + 2) + x + 1) * map.Channels;
                for (int c = 0; c < map.Channels; c++)
                    if (map.Data[offset + c] != 0) return false;
            }
        return true;
    }
}
