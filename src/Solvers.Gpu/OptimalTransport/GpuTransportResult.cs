using Solvers.Gpu.Devices;
using Solvers.Transport;

namespace Solvers.Gpu.OptimalTransport;

/// <summary>
/// The outcome of <see cref="GpuSinkhorn.Solve(Solvers.Transport.Problems.OtProblem, double, Solvers.Transport.Sinkhorn.SinkhornOptions?, DeviceChoice)"/>:
/// the ordinary <see cref="TransportResult"/> (plan, potentials, cost, iterations, history) plus where it ran and what
/// the transfers (cost and weights in, the cost transposed on the device, results back) cost.
/// </summary>
public sealed record GpuTransportResult : GpuRunResult<TransportResult>;
