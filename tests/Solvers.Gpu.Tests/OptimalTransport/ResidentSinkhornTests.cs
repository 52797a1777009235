using Solvers.Gpu.Devices;
using Solvers.Gpu.OptimalTransport;
using Solvers.Transport;
using Solvers.Transport.Problems;
using Solvers.Transport.Sinkhorn;

namespace Solvers.Gpu.Tests.OptimalTransport;

[Collection("simulator")]
public class ResidentSinkhornTests(SimulatorFixture fixture)
{
    /// <summary>Random 2-D clouds, squared-Euclidean cost normalised by its maximum, random positive weights.</summary>
    internal static OtProblem RandomProblem(int n, int m, int seed, bool zeroWeight = false)
    {
        var rng = new Random(seed);
        var x = new double[2 * n];
        var y = new double[2 * m];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble();
        for (int j = 0; j < y.Length; j++) y[j] = rng.NextDouble();
        var a = new double[n];
        var b = new double[m];
        for (int i = 0; i < n; i++) a[i] = 0.5 + rng.NextDouble();
        for (int j = 0; j < m; j++) b[j] = 0.5 + rng.NextDouble();
        if (zeroWeight) { a[1] = 0; b[m - 1] = 0; }
        double sa = a.Sum(), sb = b.Sum();
        for (int i = 0; i < n; i++) a[i] /= sa;
        for (int j = 0; j < m; j++) b[j] /= sb;
        var cost = CostMatrix.FromPoints(PointCloud.FromArray(n, 2, x), PointCloud.FromArray(m, 2, y), GroundMetric.SquaredEuclidean).NormalizedByMax(out _);
        return OtProblem.Create(a, b, cost, MassMismatch.Renormalize);
    }

    /// <summary>
    /// Targets that are small perturbations of a permutation of the sources (uniform weights), cost normalised by its
    /// maximum plus <paramref name="offset"/>. With offset 1 and reg = 1e-3 every entry of the Gibbs kernel
    /// exp(-C / reg) underflows to 0, so only the log domain works, yet the plan is nearly a permutation and
    /// Sinkhorn converges in few iterations (the simulator is slow: tens of ms per iteration on a loaded machine).
    /// </summary>
    internal static OtProblem NearPermutation(int n, int seed, double jitter, double offset)
    {
        var rng = new Random(seed);
        var x = new double[2 * n];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble();
        var order = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
        var y = new double[2 * n];
        for (int j = 0; j < n; j++)
            for (int d = 0; d < 2; d++) y[2 * j + d] = x[2 * order[j] + d] + jitter * (rng.NextDouble() - 0.5);
        var cost = CostMatrix.FromPoints(PointCloud.FromArray(n, 2, x), PointCloud.FromArray(n, 2, y), GroundMetric.SquaredEuclidean).NormalizedByMax(out _);
        var shifted = cost.Values.ToArray();
        for (int k = 0; k < shifted.Length; k++) shifted[k] += offset;
        return OtProblem.Uniform(CostMatrix.FromArray(n, n, shifted));
    }

    private static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}[{i}]: {expected[i]:R} vs {actual[i]:R}");
    }

    [Theory]
    [InlineData("random 9x7", 1e-1)]
    [InlineData("random 7x5", 1e-2)]
    [InlineData("underflowing 12x12", 1e-3)]
    [InlineData("zero weights 11x14", 1e-1)]
    public void DeviceSinkhornAgreesWithTheCpuLogSinkhorn(string name, double reg)
    {
        var problem = name switch
        {
            "random 9x7" => RandomProblem(9, 7, 9),
            "random 7x5" => RandomProblem(7, 5, 6),
            "underflowing 12x12" => NearPermutation(12, 1, 0.05, offset: 1.0),
            _ => RandomProblem(11, 14, 6, zeroWeight: true),
        };
        int n = problem.SourceCount, m = problem.TargetCount;
        var options = new SinkhornOptions { Variant = SinkhornVariant.Log, Tolerance = 1e-9, MaxIterations = 50_000 };
        var cpu = LogSinkhorn.Solve(problem, reg, options);
        var gpu = GpuSinkhorn.Solve(fixture.Device, problem, reg, options);
        var r = gpu.Result;

        Assert.True(gpu.OnDevice);
        Assert.Equal(TransportStatus.Converged, cpu.Status);
        Assert.Equal(cpu.Status, r.Status);
        Assert.Equal(cpu.Iterations, r.Iterations);
        Assert.Equal(cpu.Method, r.Method);
        Assert.True(r.MarginalError <= 1e-9, $"marginal error {r.MarginalError}");
        Assert.Equal(cpu.Cost, r.Cost, 1e-12);
        Assert.Equal(cpu.EntropicObjective, r.EntropicObjective, 1e-11);
        // Potentials in cost units (max cost 1); a plan entry moves by about |delta f| / reg relative.
        AssertClose(cpu.DualU, r.DualU, 1e-11, "f");
        AssertClose(cpu.DualV, r.DualV, 1e-11, "g");
        AssertClose(cpu.Plan!.DenseValues, r.Plan!.DenseValues, 1e-10 / Math.Max(n, m), "P");
        Assert.Equal(cpu.History.Count, r.History.Count);
        AssertClose(cpu.History.ToArray(), r.History.ToArray(), 1e-12, "history");
        Assert.True(gpu.TransferSeconds > 0);
    }

    [Fact]
    public void IterationLimitPotRuleAndWarmStartMatchTheCpu()
    {
        var problem = RandomProblem(9, 7, 5);
        var limited = new SinkhornOptions { Variant = SinkhornVariant.Log, MaxIterations = 7 };
        var cpu = LogSinkhorn.Solve(problem, 1e-3, limited);
        var gpu = GpuSinkhorn.Solve(fixture.Device, problem, 1e-3, limited).Result;
        Assert.Equal(TransportStatus.MaxIterations, gpu.Status);
        Assert.Equal(7, gpu.Iterations);
        Assert.Equal(cpu.Message, gpu.Message);
        AssertClose(cpu.DualU, gpu.DualU, 1e-11, "f");

        var pot = new SinkhornOptions { Variant = SinkhornVariant.Log, Stopping = StoppingRule.PotColumnL2Every10, Tolerance = 1e-8 };
        var potProblem = RandomProblem(9, 7, 6);
        var cpuPot = LogSinkhorn.Solve(potProblem, 1e-1, pot);
        var gpuPot = GpuSinkhorn.Solve(fixture.Device, potProblem, 1e-1, pot).Result;
        Assert.True(gpuPot.Converged);
        Assert.Equal(cpuPot.Iterations, gpuPot.Iterations);
        Assert.Equal(1, gpuPot.Iterations % 10);
        Assert.Equal(cpuPot.History.Count, gpuPot.History.Count);

        // Warm start from a converged solve: the device starts from the same potentials as the CPU.
        var warm = new SinkhornOptions { Variant = SinkhornVariant.Log, WarmStart = (cpuPot.DualU, cpuPot.DualV), Plan = PlanFormat.Sparse };
        var cpuWarm = LogSinkhorn.Solve(potProblem, 1e-1, warm);
        var gpuWarm = GpuSinkhorn.Solve(fixture.Device, potProblem, 1e-1, warm).Result;
        Assert.Equal(cpuWarm.Iterations, gpuWarm.Iterations);
        Assert.True(gpuWarm.Plan!.IsSparse);
        Assert.Equal(cpuWarm.Cost, gpuWarm.Cost, 1e-12);

        var none = GpuSinkhorn.Solve(fixture.Device, problem, 1e-2, new SinkhornOptions { Plan = PlanFormat.None, MaxIterations = 0 }).Result;
        Assert.Null(none.Plan);
        Assert.Equal(0, none.Iterations);
        Assert.Equal(TransportStatus.MaxIterations, none.Status);
    }

    [Fact]
    public void ProgressMonitorSeesEveryIteration()
    {
        var problem = RandomProblem(8, 8, 9);
        var seen = new List<int>();
        var monitor = new Recorder(seen);
        var r = GpuSinkhorn.Solve(fixture.Device, problem, 1e-1, new GpuSinkhornOptions { Monitor = monitor, ErrorCheckInterval = 3 }).Result;
        Assert.True(r.Converged);
        Assert.Equal(Enumerable.Range(1, (int)r.Iterations), seen);
    }

    private sealed class Recorder(List<int> seen) : Solvers.Linear.Solving.IIterationMonitor
    {
        public void OnIteration(in Solvers.Linear.Solving.IterationInfo info) => seen.Add(info.Iteration);
    }

    [Fact]
    public void HundredSolvesLeaveNoDeviceMemoryBehind()
    {
        var device = fixture.Device;
        var problem = RandomProblem(5, 4, 7);
        long before = device.LiveBuffers;
        for (int i = 0; i < 100; i++)
        {
            // Two iterations each: the test is about buffers, and the simulator is slow.
            var options = new SinkhornOptions { Plan = i % 2 == 0 ? PlanFormat.Dense : PlanFormat.None, MaxIterations = 2 };
            var result = GpuSinkhorn.Solve(device, problem, 0.1, options);
            Assert.True(result.OnDevice);
            Assert.Equal(2, result.Result.Iterations);
            Assert.Equal(before, device.LiveBuffers);
        }
        Assert.Equal(0, device.LiveBytes);
    }

    [Fact]
    public void MissingCudaFallsBackToTheCpuSinkhornAndSaysSo()
    {
        DeviceSelector.FailCudaForTesting = true;
        DeviceSelector.ForgetShared(DeviceChoice.Cuda);
        try
        {
            var problem = RandomProblem(10, 8, 8);
            var result = GpuSinkhorn.Solve(problem, 1e-2, null, DeviceChoice.Cuda);
            Assert.True(result.Result.Converged);
            Assert.False(result.OnDevice);
            Assert.Equal("cpu", result.Device);
            Assert.Equal(DeviceChoice.Cuda, result.Requested);
            Assert.Contains("CUDA requested but unavailable", result.FallbackReason);
            Assert.Equal(0, result.TransferSeconds);
            Assert.Equal(LogSinkhorn.Solve(problem, 1e-2).Cost, result.Result.Cost);
        }
        finally
        {
            DeviceSelector.FailCudaForTesting = false;
            DeviceSelector.ForgetShared(DeviceChoice.Cuda);
        }
    }

    [Fact]
    public void AutoBelowTheThresholdStaysOnTheCpuAndSaysWhy()
    {
        var result = GpuSinkhorn.Solve(RandomProblem(6, 6, 9), 1e-2);
        Assert.False(result.OnDevice);
        Assert.Equal("cpu", result.Device);
        Assert.Null(result.FallbackReason);
        Assert.Contains("below the device threshold", result.Note);
        Assert.Contains("not yet measured", result.Note);
        Assert.True(result.Result.Converged);
    }

    [Fact]
    public void CpuSimChoiceRunsOnTheSimulator()
    {
        var problem = RandomProblem(7, 5, 4);
        var result = GpuSinkhorn.Solve(problem, 1e-1, null, DeviceChoice.CpuSim);
        Assert.True(result.OnDevice);
        Assert.Null(result.FallbackReason);
        Assert.Equal(DeviceChoice.CpuSim, result.Requested);
        Assert.Equal(LogSinkhorn.Solve(problem, 1e-1).Cost, result.Result.Cost, 1e-12);
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        var problem = RandomProblem(4, 4, 11);
        Assert.Throws<ArgumentOutOfRangeException>(() => GpuSinkhorn.Solve(fixture.Device, problem, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GpuSinkhorn.Solve(problem, 1e-2, new GpuSinkhornOptions { ErrorCheckInterval = 0 }));
        Assert.Throws<ArgumentNullException>(() => GpuSinkhorn.Solve((GpuDevice)null!, problem, 1e-2));
    }
}
