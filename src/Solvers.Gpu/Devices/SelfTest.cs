using Solvers.Gpu.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Gpu.Devices;

/// <summary>
/// A few launches with a known answer, run once when a device is opened: catches a kernel that compiles
/// but computes nonsense (a driver or code-generator problem) before any user data reaches it.
/// </summary>
internal static class SelfTest
{
    public static void Run(GpuDevice device)
    {
        // 1-D Laplacian (2, -1), n not a multiple of any group size; x_i = i + 1.
        const int n = 37;
        var rp = new int[n + 1];
        var ci = new List<int>();
        var va = new List<double>();
        for (int i = 0; i < n; i++)
        {
            if (i > 0) { ci.Add(i - 1); va.Add(-1); }
            ci.Add(i); va.Add(2);
            if (i < n - 1) { ci.Add(i + 1); va.Add(-1); }
            rp[i + 1] = ci.Count;
        }
        var a = CsrMatrix.FromArrays(n, n, rp, ci.ToArray(), va.ToArray());
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i + 1;
        var expected = new double[n];
        a.Apply(x, expected);
        double expectedDot = 0;
        for (int i = 0; i < n; i++) expectedDot += x[i] * expected[i];

        foreach (var kernel in new[] { GpuSpMVKernel.Scalar, GpuSpMVKernel.Vector })
        {
            using var matrix = new DeviceCsr(device, a, kernel, kernel == GpuSpMVKernel.Vector ? Math.Min(2, device.WarpSize) : 0);
            using var xs = device.Upload<double>(x);
            using var ys = device.Allocate<double>(n);
            using var partials = device.Allocate<double>(Math.Max(matrix.Groups, device.StrideGroups));
            using var state = device.Allocate<double>(CgSlots.HistoryOffset);
            matrix.Multiply(xs.View, ys.View, partials.View, withDot: true);
            device.Kernels.SumPartials(Launch.Single(device), partials.View, state.View, 0, matrix.Groups, 0);
            Launch.Dot(device, xs.View, ys.View, n, partials.View, state.View, 1);
            device.Synchronize();
            var y = new double[n];
            ys.Download(y);
            var s = new double[2];
            state.Download(s);
            for (int i = 0; i < n; i++)
                if (y[i] != expected[i])
                    throw new InvalidOperationException($"device self-test: {kernel} SpMV gave y[{i}] = {y[i]}, expected {expected[i]}");
            if (s[0] != expectedDot || s[1] != expectedDot)
                throw new InvalidOperationException($"device self-test: dot products gave {s[0]} and {s[1]}, expected {expectedDot}");
        }
    }
}
