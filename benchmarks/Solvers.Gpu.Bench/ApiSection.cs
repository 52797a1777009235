using System.Text.Json.Nodes;
using Solvers.Gpu.Devices;
using Solvers.Gpu.Kernels;
using Solvers.Gpu.Solving;
using Solvers.Linear.Kernels;

namespace Solvers.Gpu.Bench;

/// <summary>
/// The user-facing entry point on the real device: <see cref="GpuSolver"/> under auto (threshold routing,
/// cold then warm), cuda with a simulated missing driver (fallback), 100 solves without leaks, and the
/// two-pass dot product against the CPU dot and against itself.
/// </summary>
internal static class ApiSection
{
    public static JsonObject Run(GpuDevice device, bool quick)
    {
        var json = new JsonObject();
        JsonObject Describe(GpuSolveResult r) => new()
        {
            ["onDevice"] = r.OnDevice,
            ["device"] = r.Device,
            ["status"] = r.Result.Status.ToString(),
            ["iterations"] = r.Result.Iterations,
            ["totalSeconds"] = r.TotalSeconds,
            ["transferSeconds"] = r.TransferSeconds,
            ["deviceSetupSeconds"] = r.DeviceSetupSeconds,
            ["note"] = r.Note,
            ["fallbackReason"] = r.FallbackReason,
        };
        GpuSolveResult Solve(string problem, DeviceChoice choice)
        {
            var a = Problems.Build(problem);
            var b = Problems.OnesRhs(a);
            return GpuSolver.Solve(a, b, new double[a.RowCount], GpuPreconditioner.Jacobi, new GpuSolverOptions { RecordHistory = false, CheckInput = false }, choice);
        }
        json["autoColdSmall"] = Describe(Solve("poisson3d-32", DeviceChoice.Auto));
        json["autoColdLarge"] = Describe(Solve(quick ? "poisson3d-24" : "poisson3d-96", DeviceChoice.Auto));
        json["autoWarmMid"] = Describe(Solve("poisson3d-32", DeviceChoice.Auto));
        json["autoWarmSmall"] = Describe(Solve("poisson3d-16", DeviceChoice.Auto));
        DeviceSelector.FailCudaForTesting = true;
        DeviceSelector.ForgetShared(DeviceChoice.Cuda);
        json["cudaMissing"] = Describe(Solve("poisson3d-16", DeviceChoice.Cuda));
        DeviceSelector.FailCudaForTesting = false;
        DeviceSelector.ForgetShared(DeviceChoice.Cuda);
        BenchReport.Log($"api: {json.ToJsonString()}");

        var small = Problems.Build(quick ? "poisson2d-2" : "poisson2d-32");
        var rhs = Problems.OnesRhs(small);
        long before = device.LiveBuffers;
        bool allConverged = true;
        for (int i = 0; i < 100; i++)
            allConverged &= GpuSolver.Solve(device, small, rhs, new double[small.RowCount], GpuPreconditioner.Jacobi).Result.Converged;
        json["leak"] = new JsonObject { ["solves"] = 100, ["allConverged"] = allConverged, ["liveBuffersBefore"] = before, ["liveBuffersAfter"] = device.LiveBuffers, ["liveBytesAfter"] = device.LiveBytes };

        int n = quick ? 1001 : 10_000_019;
        var random = new Random(1);
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++) { x[i] = random.NextDouble() - 0.5; y[i] = random.NextDouble() - 0.5; }
        using var xs = device.Upload<double>(x);
        using var ys = device.Upload<double>(y);
        using var partials = device.Allocate<double>(device.StrideGroups);
        using var state = device.Allocate<double>(CgSlots.HistoryOffset);
        var values = new double[3];
        for (int r = 0; r < 3; r++)
        {
            Launch.Dot(device, xs.View, ys.View, n, partials.View, state.View, 0);
            values[r] = Launch.ReadScalar(device, state.View, 0);
        }
        double cpu = Blas1.Dot(x, y);
        json["dot"] = new JsonObject
        {
            ["n"] = n,
            ["device"] = values[0],
            ["cpu"] = cpu,
            ["relativeDifference"] = Math.Abs(values[0] - cpu) / Math.Abs(cpu),
            ["bitwiseRepeatable"] = values[0].Equals(values[1]) && values[1].Equals(values[2]),
        };
        BenchReport.Log($"api leak/dot: {json["leak"]!.ToJsonString()} {json["dot"]!.ToJsonString()}");
        return json;
    }
}
