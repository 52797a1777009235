using System.Diagnostics;
using Solvers.Gpu.Devices;
using Solvers.Gpu.Kernels;
using Solvers.Linear.Kernels;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Gpu.Krylov;

/// <summary>
/// (Jacobi-)preconditioned CG with the matrix, every vector and every scalar resident on the device
/// (Saad, Iterative Methods for Sparse Linear Systems, 2nd ed., Algorithm 9.1; the same recurrences and
/// stopping rule as <see cref="Solvers.Linear.Krylov.ConjugateGradient"/>).
/// </summary>
/// <remarks>
/// Per iteration: SpMV q = A p with the p·q partials, a one-group kernel for alpha, the fused update
/// (x, r, z = D⁻¹ r, r·z and r·r partials), a one-group kernel for beta, and p = z + beta p: five launches,
/// no host round trip. The device applies the convergence test itself each iteration and freezes once it
/// passes (so the iterates and count equal the CPU method's); the host reads the state and the ring of
/// r·r values every <see cref="Solving.GpuSolverOptions.ResidualCheckInterval"/> iterations, replays them through
/// the shared <see cref="IterationTracker"/> (history, monitor, divergence, cancellation), and on
/// convergence recomputes the true residual, continuing from it if the recursive one drifted.
/// Unlike the CPU method the best iterate is not kept: a failed solve returns the last iterate.
/// </remarks>
internal static class ResidentConjugateGradient
{
    public static (SolveResult Result, double TransferSeconds, string Kernel) Solve(
        GpuDevice device, CsrMatrix a, ReadOnlySpan<double> b, Span<double> x, bool jacobi, SolverOptions options,
        int checkInterval, GpuSpMVKernel kernel, int lanes)
    {
        int n = b.Length;
        int ring = checkInterval;
        double[]? inverseDiagonal = null;
        if (jacobi)
        {
            inverseDiagonal = a.Diagonal();
            for (int i = 0; i < n; i++) inverseDiagonal[i] = 1.0 / inverseDiagonal[i];
        }
        var transfer = Stopwatch.StartNew();

        using var matrix = new DeviceCsr(device, a, kernel, lanes);
        using var bs = device.Upload(b);
        using var xs = device.Upload<double>(x);
        using var dinv = jacobi ? device.Upload<double>(inverseDiagonal) : device.Allocate<double>(1);
        using var r = device.Allocate<double>(n);
        using var p = device.Allocate<double>(n);
        using var q = device.Allocate<double>(n);
        using var partials = device.Allocate<double>(Math.Max(matrix.Groups, 2 * device.StrideGroups));
        using var state = device.Allocate<double>(CgSlots.HistoryOffset + ring);

        double bNorm = Blas1.Norm2(b);
        var tracker = new IterationTracker(options, bNorm);
        var host = new double[CgSlots.HistoryOffset + ring];
        host[CgSlots.Threshold] = tracker.Threshold;
        state.Upload(host);
        device.Synchronize();
        double transferSeconds = transfer.Elapsed.TotalSeconds;

        var k = device.Kernels;
        int useJacobi = jacobi ? 1 : 0;
        var stride = Launch.Stride(device);
        var single = Launch.Single(device);

        double TrueResidual()
        {
            matrix.Multiply(xs.View, q.View, partials.View, withDot: false);
            Launch.Residual(device, bs.View, q.View, q.View, n, partials.View, state.View, CgSlots.Rr);
            return Math.Sqrt(Launch.ReadScalar(device, state.View, CgSlots.Rr));
        }

        SolveStatus StartDirection()
        {
            k.CgStart(stride, p.View, r.View, dinv.View, partials.View, n, useJacobi);
            k.SumPartials(single, partials.View, state.View, 0, device.StrideGroups, CgSlots.Rz);
            double rz = Launch.ReadScalar(device, state.View, CgSlots.Rz);
            if (!double.IsFinite(rz)) return SolveStatus.NaNOrInfinity;
            if (rz <= 0) return SolveStatus.IndefinitePreconditioner;
            return SolveStatus.Iterating;
        }

        // r = b - A x0.
        matrix.Multiply(xs.View, q.View, partials.View, withDot: false);
        Launch.Residual(device, bs.View, q.View, r.View, n, partials.View, state.View, CgSlots.Rr);
        double rNorm = Math.Sqrt(Launch.ReadScalar(device, state.View, CgSlots.Rr));
        double initial = rNorm;
        var status = tracker.Check(0, rNorm);
        int iteration = 0;
        double? trueNorm = null;
        if (status == SolveStatus.Iterating) status = StartDirection();

        // Read-backs after 1, 2, 4, ... iterations up to the interval: a solve that converges (or fails) at
        // once does not pay for a full interval of frozen launches.
        int interval = 1;
        while (status == SolveStatus.Iterating)
        {
            int chunk = Math.Min(interval, options.MaxIterations - iteration);
            interval = Math.Min(2 * interval, checkInterval);
            for (int c = 0; c < chunk; c++)
            {
                matrix.Multiply(p.View, q.View, partials.View, withDot: true);
                k.CgFinishAlpha(single, partials.View, state.View, matrix.Groups);
                k.CgUpdate(stride, xs.View, r.View, p.View, q.View, dinv.View, state.View, partials.View, n, useJacobi);
                k.CgFinishBeta(single, partials.View, state.View, device.StrideGroups, ring, useJacobi);
                k.CgDirection(n, p.View, r.View, dinv.View, state.View, useJacobi);
            }
            device.Synchronize();
            state.Download(host);

            int deviceIteration = (int)host[CgSlots.Iteration];
            double deviceStatus = host[CgSlots.Status];
            for (int it = iteration + 1; it <= deviceIteration; it++)
            {
                status = tracker.Check(it, Math.Sqrt(host[CgSlots.HistoryOffset + it % ring]));
                if (status != SolveStatus.Iterating) break;
            }
            iteration = deviceIteration;
            if (status == SolveStatus.Iterating && deviceStatus < 0)
            {
                status = deviceStatus switch
                {
                    DeviceStatus.IndefiniteMatrix => SolveStatus.IndefiniteMatrix,
                    DeviceStatus.IndefinitePreconditioner => SolveStatus.IndefinitePreconditioner,
                    _ => SolveStatus.NaNOrInfinity,
                };
                iteration = (int)host[CgSlots.StopIteration];
            }

            if (status.IsConverged())
            {
                double norm = TrueResidual();
                if (norm <= tracker.Threshold)
                {
                    trueNorm = norm;
                    break;
                }
                // The recursive residual drifted: continue from the true one with a fresh direction.
                k.Copy(n, q.View, r.View);
                k.SetSlot(1, state.View, CgSlots.Status, DeviceStatus.Iterating);
                status = iteration >= options.MaxIterations ? SolveStatus.MaxIterations : SolveStatus.Iterating;
                if (status == SolveStatus.Iterating) status = StartDirection();
            }
        }

        double finalNorm = trueNorm ?? TrueResidual();
        string method = jacobi ? "pcg(jacobi)" : "cg";
        var result = tracker.Finish(method, status, iteration, initial, finalNorm, null);
        transfer.Restart();
        device.Synchronize();
        xs.Download(x);
        transferSeconds += transfer.Elapsed.TotalSeconds;
        string kernelName = matrix.Kernel == GpuSpMVKernel.Vector ? $"vector-{matrix.Lanes}" : "scalar";
        return (result, transferSeconds, kernelName);
    }
}
