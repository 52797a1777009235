using Solvers.Gpu.Kernels;
using Solvers.Linear.Kernels;

namespace Solvers.Gpu.Tests.Kernels;

[Collection("simulator")]
public class ReductionKernelTests(SimulatorFixture fixture)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(63)]
    [InlineData(1000)]
    public void DotEqualsCpuDotAndIsReproducible(int n)
    {
        var device = fixture.Device;
        var x = TestMatrices.Random(n, 1);
        var y = TestMatrices.Random(n, 2);
        double expected = Blas1.Dot(x, y);
        using var xs = device.Upload<double>(x);
        using var ys = device.Upload<double>(y);
        using var partials = device.Allocate<double>(device.StrideGroups);
        using var state = device.Allocate<double>(CgSlots.HistoryOffset);

        Launch.Dot(device, xs.View, ys.View, n, partials.View, state.View, 3);
        double first = Launch.ReadScalar(device, state.View, 3);
        Launch.Dot(device, xs.View, ys.View, n, partials.View, state.View, 4);
        double second = Launch.ReadScalar(device, state.View, 4);

        Assert.Equal(expected, first, 1e-13 * Math.Max(1, Math.Abs(expected)));
        Assert.Equal(BitConverter.DoubleToInt64Bits(first), BitConverter.DoubleToInt64Bits(second));
    }

    [Fact]
    public void ResidualIsBMinusAxWithItsSquaredNorm()
    {
        var device = fixture.Device;
        int n = 101;
        var b = TestMatrices.Random(n, 3);
        var ax = TestMatrices.Random(n, 4);
        var expected = new double[n];
        Blas1.Subtract(b, ax, expected);
        using var bs = device.Upload<double>(b);
        using var axs = device.Upload<double>(ax);
        using var r = device.Allocate<double>(n);
        using var partials = device.Allocate<double>(device.StrideGroups);
        using var state = device.Allocate<double>(CgSlots.HistoryOffset);
        Launch.Residual(device, bs.View, axs.View, r.View, n, partials.View, state.View, CgSlots.Rr);
        double rr = Launch.ReadScalar(device, state.View, CgSlots.Rr);
        var actual = new double[n];
        r.Download(actual);
        Assert.Equal(expected, actual);
        Assert.Equal(Blas1.Dot(expected, expected), rr, 1e-13 * rr);
    }
}
