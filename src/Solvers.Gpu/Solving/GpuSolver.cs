using System.Diagnostics;
using Solvers.Gpu.Devices;
using Solvers.Gpu.Krylov;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Gpu.Solving;

/// <summary>
/// CG / Jacobi-PCG that runs resident on a GPU when one is there and it pays, and on the CPU otherwise:
/// the same arguments, options and <see cref="SolveResult"/> as <see cref="ConjugateGradient"/>, plus a
/// <see cref="DeviceChoice"/>.
/// </summary>
/// <remarks>
/// Routing: <see cref="DeviceChoice.Off"/> is the CPU method. <see cref="DeviceChoice.Auto"/> uses the CPU
/// method below <see cref="GpuThreshold.DefaultRows"/> rows (without touching ILGPU at all while no device is
/// open) and when no CUDA device works (ILGPU's CPU simulator is never faster). <see cref="DeviceChoice.Cuda"/> and
/// <see cref="DeviceChoice.CpuSim"/> use that device at any size, and fall back to the CPU method, saying
/// why in <see cref="GpuRunResult{TResult}.FallbackReason"/>, when it is missing. Devices are opened once per process
/// and their kernels cached (<see cref="DeviceSelector.Shared"/>).
/// </remarks>
public static class GpuSolver
{
    /// <summary>
    /// Solves the SPD system A x = b. <paramref name="x"/> holds the initial guess on entry and the
    /// solution on return.
    /// </summary>
    /// <param name="a">Symmetric positive definite matrix.</param>
    /// <param name="b">Right-hand side.</param>
    /// <param name="x">Initial guess in, solution out.</param>
    /// <param name="preconditioner">None (CG) or Jacobi (PCG).</param>
    /// <param name="options">Tolerances and limits (a <see cref="GpuSolverOptions"/> adds device settings); defaults when null.</param>
    /// <param name="device">Where to run.</param>
    /// <exception cref="ArgumentException">Dimensions disagree, b or x has a NaN/Inf, bad options, a zero diagonal
    /// with Jacobi, or (with CheckInput) A is not symmetric with a positive diagonal.</exception>
    public static GpuSolveResult Solve(CsrMatrix a, ReadOnlySpan<double> b, Span<double> x,
        GpuPreconditioner preconditioner = GpuPreconditioner.None, SolverOptions? options = null, DeviceChoice device = DeviceChoice.Auto)
    {
        var clock = Stopwatch.StartNew();
        var gpuOptions = Validate(a, b, x, preconditioner, options);
        options = gpuOptions;

        if (device == DeviceChoice.Off)
            return OnCpu(a, b, x, preconditioner, options, device, clock, null, "device off");

        if (device == DeviceChoice.Auto)
        {
            bool open = DeviceSelector.TryGetShared(DeviceChoice.Auto, out var shared);
            if (open && shared!.Device?.Kind != GpuDeviceKind.Cuda)
                return OnCpu(a, b, x, preconditioner, options, device, clock, null,
                    $"auto: {shared.FallbackReason ?? "no CUDA device"}; the CPU path is faster than the simulator");
            int threshold = gpuOptions.AutoThresholdRows ?? GpuThreshold.DefaultRows(GpuDeviceKind.Cuda, open);
            if (a.RowCount < threshold)
                return OnCpu(a, b, x, preconditioner, options, device, clock, null,
                    $"auto: n = {a.RowCount} is below the device threshold {threshold}{(open ? "" : " (device not yet open)")}");
        }

        var setup = Stopwatch.StartNew();
        var selection = DeviceSelector.Shared(device);
        double setupSeconds = setup.Elapsed.TotalSeconds;
        var gpu = selection.Device;
        if (gpu is null)
            return OnCpu(a, b, x, preconditioner, options, device, clock, selection.FallbackReason, null) with { DeviceSetupSeconds = setupSeconds };
        if (device == DeviceChoice.Auto && gpu.Kind != GpuDeviceKind.Cuda)
            return OnCpu(a, b, x, preconditioner, options, device, clock, null,
                $"auto: {selection.FallbackReason ?? "no CUDA device"}; the CPU path is faster than the simulator") with { DeviceSetupSeconds = setupSeconds };

        return OnDevice(gpu, a, b, x, preconditioner, options, gpuOptions, device, clock, setupSeconds, selection.FallbackReason);
    }

    /// <summary>
    /// Solves A x = b on <paramref name="device"/> (already open), whatever the size: for benchmarks and
    /// tests. Arguments as in the other overload.
    /// </summary>
    /// <exception cref="ArgumentException">As the other overload; also a null device.</exception>
    public static GpuSolveResult Solve(GpuDevice device, CsrMatrix a, ReadOnlySpan<double> b, Span<double> x,
        GpuPreconditioner preconditioner = GpuPreconditioner.None, SolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        var clock = Stopwatch.StartNew();
        var gpuOptions = Validate(a, b, x, preconditioner, options);
        var requested = device.Kind == GpuDeviceKind.Cuda ? DeviceChoice.Cuda : DeviceChoice.CpuSim;
        return OnDevice(device, a, b, x, preconditioner, gpuOptions, gpuOptions, requested, clock, 0, null);
    }

    private static GpuSolverOptions Validate(CsrMatrix a, ReadOnlySpan<double> b, Span<double> x,
        GpuPreconditioner preconditioner, SolverOptions? options)
    {
        ArgumentNullException.ThrowIfNull(a);
        options ??= SolverOptions.Default;
        options.Validate();
        var gpuOptions = options as GpuSolverOptions ?? new GpuSolverOptions(options);
        gpuOptions.ValidateDevice();
        InputChecks.SquareSystem(a, b, x);
        if (preconditioner is not (GpuPreconditioner.None or GpuPreconditioner.Jacobi))
            throw new ArgumentOutOfRangeException(nameof(preconditioner), preconditioner, "Unknown preconditioner.");
        if (options.CheckInput) InputChecks.SymmetricPositiveDiagonal(a, "CG");
        if (preconditioner == GpuPreconditioner.Jacobi)
        {
            int row = a.FirstZeroDiagonal();
            if (row >= 0)
                throw new ArgumentException($"Jacobi needs a non-zero diagonal; entry ({row}, {row}) is zero or not stored.", nameof(a));
        }
        return gpuOptions;
    }

    private static GpuSolveResult OnCpu(CsrMatrix a, ReadOnlySpan<double> b, Span<double> x, GpuPreconditioner preconditioner,
        SolverOptions options, DeviceChoice requested, Stopwatch clock, string? fallback, string? note)
    {
        IPreconditioner? m = preconditioner == GpuPreconditioner.Jacobi ? new JacobiPreconditioner(a) : null;
        var result = ConjugateGradient.Solve(a, b, x, m, options);
        return new GpuSolveResult
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

    private static GpuSolveResult OnDevice(GpuDevice gpu, CsrMatrix a, ReadOnlySpan<double> b, Span<double> x,
        GpuPreconditioner preconditioner, SolverOptions options, GpuSolverOptions gpuOptions, DeviceChoice requested,
        Stopwatch clock, double setupSeconds, string? fallback)
    {
        var (result, transferSeconds, kernel) = ResidentConjugateGradient.Solve(gpu, a, b, x,
            preconditioner == GpuPreconditioner.Jacobi, options, gpuOptions.ResidualCheckInterval, gpuOptions.SpMVKernel, gpuOptions.LanesPerRow);
        return new GpuSolveResult
        {
            Result = result,
            Device = gpu.Name,
            OnDevice = true,
            Requested = requested,
            TransferSeconds = transferSeconds,
            DeviceSetupSeconds = setupSeconds,
            TotalSeconds = clock.Elapsed.TotalSeconds,
            FallbackReason = fallback,
            SpMVKernel = kernel,
        };
    }
}
