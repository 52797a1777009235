using System.Diagnostics;
using Solvers.Gpu.Devices;
using Solvers.Transport;
using Solvers.Transport.Problems;
using Solvers.Transport.Sinkhorn;

namespace Solvers.Gpu.OptimalTransport;

/// <summary>
/// Entropic optimal transport by log-domain Sinkhorn that runs resident on a GPU when one is there and it pays,
/// and on the CPU (<see cref="LogSinkhorn"/>) otherwise: the same problem, regularisation, options and
/// <see cref="TransportResult"/>, plus a <see cref="DeviceChoice"/>.
/// </summary>
/// <remarks>
/// Routing, as <see cref="Solving.GpuSolver"/>: <see cref="DeviceChoice.Off"/> is the CPU solver.
/// <see cref="DeviceChoice.Auto"/> uses the CPU below <see cref="GpuSinkhornThreshold.DefaultEntries"/> cost entries
/// (without touching ILGPU while no device is open) and whenever no CUDA device works.
/// <see cref="DeviceChoice.Cuda"/> and <see cref="DeviceChoice.CpuSim"/> use that device at any size and fall back
/// to the CPU, saying why in <see cref="GpuRunResult{TResult}.FallbackReason"/>, when it is missing, its Sinkhorn
/// kernels fail to load, or C and Cᵀ do not fit in its memory. The device needs 16 n m bytes (a dense cost matrix
/// and its transpose; the plan, when asked for, reuses the transpose's memory).
/// </remarks>
public static class GpuSinkhorn
{
    /// <summary>Fraction of the device memory a solve may plan to use.</summary>
    public const double MemoryFraction = 0.9;

    /// <summary>Solves the entropic problem with regularisation <paramref name="reg"/> where <paramref name="device"/> says.</summary>
    /// <param name="problem">Weights and dense cost.</param>
    /// <param name="reg">Entropic regularisation, positive.</param>
    /// <param name="options">Stopping and reporting (a <see cref="GpuSinkhornOptions"/> adds device settings); defaults when null.</param>
    /// <param name="device">Where to run.</param>
    /// <exception cref="ArgumentException">reg is not a positive finite number, options are invalid, or a warm start has the wrong length.</exception>
    public static GpuTransportResult Solve(OtProblem problem, double reg, SinkhornOptions? options = null, DeviceChoice device = DeviceChoice.Auto)
    {
        var clock = Stopwatch.StartNew();
        var gpuOptions = Validate(problem, reg, options);
        long entries = (long)problem.SourceCount * problem.TargetCount;

        if (device == DeviceChoice.Off)
            return OnCpu(problem, reg, gpuOptions, device, clock, null, "device off");

        if (device == DeviceChoice.Auto)
        {
            bool open = DeviceSelector.TryGetShared(DeviceChoice.Auto, out var shared);
            if (open && shared!.Device?.Kind != GpuDeviceKind.Cuda)
                return OnCpu(problem, reg, gpuOptions, device, clock, null,
                    $"auto: {shared.FallbackReason ?? "no CUDA device"}; the CPU path is faster than the simulator");
            long threshold = gpuOptions.AutoThresholdEntries ?? GpuSinkhornThreshold.DefaultEntries(GpuDeviceKind.Cuda, open);
            if (entries < threshold)
                return OnCpu(problem, reg, gpuOptions, device, clock, null,
                    $"auto: n x m = {entries} cost entries is below the device threshold {threshold} (an estimate, not yet measured on a GPU){(open ? "" : "; device not yet open")}");
        }

        var setup = Stopwatch.StartNew();
        var selection = DeviceSelector.Shared(device);
        double setupSeconds = setup.Elapsed.TotalSeconds;
        var gpu = selection.Device;
        if (gpu is null)
            return OnCpu(problem, reg, gpuOptions, device, clock, selection.FallbackReason, null) with { DeviceSetupSeconds = setupSeconds };
        if (device == DeviceChoice.Auto && gpu.Kind != GpuDeviceKind.Cuda)
            return OnCpu(problem, reg, gpuOptions, device, clock, null,
                $"auto: {selection.FallbackReason ?? "no CUDA device"}; the CPU path is faster than the simulator") with { DeviceSetupSeconds = setupSeconds };

        string? unfit = DoesNotFit(gpu, problem);
        if (unfit is not null)
        {
            DeviceSelector.Log?.Invoke(unfit);
            return OnCpu(problem, reg, gpuOptions, device, clock, unfit, null) with { DeviceSetupSeconds = setupSeconds };
        }
        try
        {
            setup.Restart();
            _ = gpu.SinkhornKernels;
            setupSeconds += setup.Elapsed.TotalSeconds;
        }
        catch (InvalidOperationException e)
        {
            string reason = $"{e.Message}; using the CPU path.";
            DeviceSelector.Log?.Invoke(reason);
            return OnCpu(problem, reg, gpuOptions, device, clock, reason, null) with { DeviceSetupSeconds = setupSeconds };
        }
        return OnDevice(gpu, problem, reg, gpuOptions, device, clock, setupSeconds, selection.FallbackReason);
    }

    /// <summary>
    /// Solves on <paramref name="device"/> (already open), whatever the size: for benchmarks and tests.
    /// Arguments as in the other overload.
    /// </summary>
    /// <exception cref="ArgumentException">As the other overload; also a null device.</exception>
    /// <exception cref="InvalidOperationException">The problem does not fit in the device memory, or the kernels fail to load.</exception>
    public static GpuTransportResult Solve(GpuDevice device, OtProblem problem, double reg, SinkhornOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        var clock = Stopwatch.StartNew();
        var gpuOptions = Validate(problem, reg, options);
        string? unfit = DoesNotFit(device, problem);
        if (unfit is not null) throw new InvalidOperationException(unfit);
        var requested = device.Kind == GpuDeviceKind.Cuda ? DeviceChoice.Cuda : DeviceChoice.CpuSim;
        return OnDevice(device, problem, reg, gpuOptions, requested, clock, 0, null);
    }

    /// <summary>Device memory in bytes a solve of an n x m problem allocates (C, Cᵀ and the vectors).</summary>
    public static long DeviceBytes(int n, int m) => ResidentSinkhorn.DeviceBytes(n, m);

    private static GpuSinkhornOptions Validate(OtProblem problem, double reg, SinkhornOptions? options)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var gpuOptions = options as GpuSinkhornOptions ?? (options is null ? new GpuSinkhornOptions() : new GpuSinkhornOptions(options));
        gpuOptions.Validate();
        gpuOptions.ValidateDevice();
        LogSinkhorn.CheckRegularization(reg);
        return gpuOptions;
    }

    private static string? DoesNotFit(GpuDevice device, OtProblem problem)
    {
        long need = ResidentSinkhorn.DeviceBytes(problem.SourceCount, problem.TargetCount);
        if (device.MemoryBytes <= 0 || need <= MemoryFraction * device.MemoryBytes) return null;
        const double GiB = 1024.0 * 1024 * 1024;
        return $"the {problem.SourceCount} x {problem.TargetCount} cost matrix and its transpose need {need / GiB:F1} GiB on {device.Name}, " +
            $"which has {device.MemoryBytes / GiB:F1} GiB; using the CPU path.";
    }

    private static GpuTransportResult OnCpu(OtProblem problem, double reg, SinkhornOptions options, DeviceChoice requested,
        Stopwatch clock, string? fallback, string? note)
    {
        var result = LogSinkhorn.Solve(problem, reg, options);
        return new GpuTransportResult
        {
            Result = result,
            Device = "cpu",
            OnDevice = false,
            Requested = requested,
            FallbackReason = fallback,
            Note = note,
            TotalSeconds = clock.Elapsed.TotalSeconds,
        };
    }

    private static GpuTransportResult OnDevice(GpuDevice gpu, OtProblem problem, double reg, GpuSinkhornOptions options,
        DeviceChoice requested, Stopwatch clock, double setupSeconds, string? fallback)
    {
        var (result, transferSeconds) = ResidentSinkhorn.Solve(gpu, problem, reg, options, options.ErrorCheckInterval);
        return new GpuTransportResult
        {
            Result = result,
            Device = gpu.Name,
            OnDevice = true,
            Requested = requested,
            TransferSeconds = transferSeconds,
            DeviceSetupSeconds = setupSeconds,
            TotalSeconds = clock.Elapsed.TotalSeconds,
            FallbackReason = fallback,
        };
    }
}
