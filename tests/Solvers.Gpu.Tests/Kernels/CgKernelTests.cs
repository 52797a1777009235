using Solvers.Gpu.Kernels;
using Solvers.Linear.Kernels;

namespace Solvers.Gpu.Tests.Kernels;

[Collection("simulator")]
public class CgKernelTests(SimulatorFixture fixture)
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(37, false)]
    [InlineData(500, false)]
    [InlineData(37, true)]
    [InlineData(500, true)]
    public void FusedUpdateEqualsCpuKernel(int n, bool jacobi)
    {
        var device = fixture.Device;
        const double alpha = 0.37;
        var x = TestMatrices.Random(n, 1);
        var r = TestMatrices.Random(n, 2);
        var p = TestMatrices.Random(n, 3);
        var q = TestMatrices.Random(n, 4);
        var d = TestMatrices.Random(n, 5).Select(v => 1 + Math.Abs(v)).ToArray();
        using var xs = device.Upload<double>(x);
        using var rs = device.Upload<double>(r);
        using var ps = device.Upload<double>(p);
        using var qs = device.Upload<double>(q);
        using var ds = device.Upload<double>(d);
        using var partials = device.Allocate<double>(2 * device.StrideGroups);
        var initial = new double[CgSlots.HistoryOffset + 4];
        initial[CgSlots.Alpha] = alpha;
        initial[CgSlots.Rz] = 1.0;
        using var state = device.Upload<double>(initial);

        var k = device.Kernels;
        k.CgUpdate(Launch.Stride(device), xs.View, rs.View, ps.View, qs.View, ds.View, state.View, partials.View, n, jacobi ? 1 : 0);
        k.CgFinishBeta(Launch.Single(device), partials.View, state.View, device.StrideGroups, 4, jacobi ? 1 : 0);
        device.Synchronize();

        double rrExpected = Blas1.CgUpdateReference(alpha, p, q, x, r);
        double rzExpected = 0;
        for (int i = 0; i < n; i++) rzExpected += r[i] * (jacobi ? d[i] * r[i] : r[i]);
        var xd = new double[n];
        var rd = new double[n];
        var s = new double[initial.Length];
        xs.Download(xd);
        rs.Download(rd);
        state.Download(s);
        Assert.True(TestMatrices.MaxRelativeDifference(x, xd) <= 1e-15);
        Assert.True(TestMatrices.MaxRelativeDifference(r, rd) <= 1e-15);
        Assert.Equal(rrExpected, s[CgSlots.Rr], 1e-13 * rrExpected);
        Assert.Equal(rrExpected, s[CgSlots.HistoryOffset + 1], 1e-13 * rrExpected);
        Assert.Equal(1.0, s[CgSlots.Iteration]);
        Assert.Equal(rzExpected, s[CgSlots.Rz], 1e-13 * rzExpected);
        Assert.Equal(rzExpected / 1.0, s[CgSlots.Beta], 1e-13 * rzExpected);
    }

    [Fact]
    public void DirectionIsZPlusBetaP()
    {
        var device = fixture.Device;
        int n = 45;
        var p = TestMatrices.Random(n, 1);
        var r = TestMatrices.Random(n, 2);
        var d = TestMatrices.Random(n, 3);
        var initial = new double[CgSlots.HistoryOffset];
        initial[CgSlots.Beta] = 0.25;
        using var ps = device.Upload<double>(p);
        using var rs = device.Upload<double>(r);
        using var ds = device.Upload<double>(d);
        using var state = device.Upload<double>(initial);
        device.Kernels.CgDirection(n, ps.View, rs.View, ds.View, state.View, 1);
        device.Synchronize();
        var actual = new double[n];
        ps.Download(actual);
        for (int i = 0; i < n; i++) Assert.Equal(d[i] * r[i] + 0.25 * p[i], actual[i], 1e-15);
    }

    [Theory]
    [InlineData(-1.0, DeviceStatus.IndefiniteMatrix)]
    [InlineData(0.0, DeviceStatus.IndefiniteMatrix)]
    [InlineData(double.NaN, DeviceStatus.NaNOrInfinity)]
    public void AlphaStepFlagsABadCurvature(double pq, double status)
    {
        var device = fixture.Device;
        var initial = new double[CgSlots.HistoryOffset];
        initial[CgSlots.Rz] = 2;
        using var state = device.Upload<double>(initial);
        using var partials = device.Upload<double>(new[] { pq });
        device.Kernels.CgFinishAlpha(Launch.Single(device), partials.View, state.View, 1);
        device.Synchronize();
        var s = new double[CgSlots.HistoryOffset];
        state.Download(s);
        Assert.Equal(status, s[CgSlots.Status]);
        Assert.Equal(0.0, s[CgSlots.Alpha]);
        Assert.Equal(1.0, s[CgSlots.StopIteration]);
    }
}
