using Solvers.Gpu.Kernels;
using Solvers.Linear.Generators;
using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Gpu.Tests.Kernels;

[Collection("simulator")]
public class SpMVKernelTests(SimulatorFixture fixture)
{
    public static TheoryData<string, GpuSpMVKernel, int> Cases()
    {
        var data = new TheoryData<string, GpuSpMVKernel, int>();
        foreach (var m in new[] { "poisson2d", "poisson3d", "irregular", "wide" })
        {
            data.Add(m, GpuSpMVKernel.Scalar, 0);
            data.Add(m, GpuSpMVKernel.Vector, 2);
            data.Add(m, GpuSpMVKernel.Vector, 4);
            data.Add(m, GpuSpMVKernel.Auto, 0);
        }
        return data;
    }

    private static CsrMatrix Matrix(string name) => name switch
    {
        "poisson2d" => Poisson.TwoD(9),
        "poisson3d" => Poisson.ThreeD(5),
        "irregular" => TestMatrices.Irregular(61, 61, 20, 7),
        "wide" => TestMatrices.Irregular(13, 200, 60, 11),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DeviceProductEqualsCpuKernel(string name, GpuSpMVKernel kernel, int lanes)
    {
        var a = Matrix(name);
        var x = TestMatrices.Random(a.ColumnCount, 3);
        var expected = new double[a.RowCount];
        SpMV.MultiplyReference(a.RowPointers, a.ColumnIndices, a.Values, x, expected, 0, a.RowCount);

        using var op = new GpuCsrOperator(fixture.Device, a, kernel, lanes);
        var y = new double[a.RowCount];
        op.Apply(x, y);
        Assert.True(TestMatrices.MaxRelativeDifference(expected, y) <= 1e-14, $"{op.Kernel}/{op.LanesPerRow}");
        if (kernel == GpuSpMVKernel.Scalar) Assert.Equal(expected, y); // same order of summation: bitwise
    }

    [Theory]
    [InlineData(GpuSpMVKernel.Scalar, 0)]
    [InlineData(GpuSpMVKernel.Vector, 4)]
    public void FusedDotPartialsSumToXDotAx(GpuSpMVKernel kernel, int lanes)
    {
        var device = fixture.Device;
        var a = Poisson.TwoD(11);
        var x = TestMatrices.Random(a.RowCount, 5);
        var ax = new double[a.RowCount];
        a.Apply(x, ax);
        double expected = Blas1.Dot(x, ax);

        using var matrix = new DeviceCsr(device, a, kernel, lanes);
        using var xs = device.Upload<double>(x);
        using var ys = device.Allocate<double>(a.RowCount);
        using var partials = device.Allocate<double>(matrix.Groups);
        using var state = device.Allocate<double>(CgSlots.HistoryOffset);
        matrix.Multiply(xs.View, ys.View, partials.View, withDot: true);
        device.Kernels.SumPartials(Launch.Single(device), partials.View, state.View, 0, matrix.Groups, 0);
        double actual = Launch.ReadScalar(device, state.View, 0);
        Assert.Equal(expected, actual, 1e-12 * Math.Abs(expected));
    }

    [Fact]
    public void AutoPicksScalarForStencilsAndVectorForLongRows()
    {
        using var stencil = new GpuCsrOperator(fixture.Device, Poisson.TwoD(8));
        Assert.Equal(GpuSpMVKernel.Scalar, stencil.Kernel);
        using var dense = new GpuCsrOperator(fixture.Device, TestMatrices.Irregular(20, 300, 100, 1));
        Assert.Equal(GpuSpMVKernel.Vector, dense.Kernel);
        Assert.True(dense.LanesPerRow >= 2 && dense.LanesPerRow <= fixture.Device.WarpSize);
    }

    [Fact]
    public void LanesMustBeAPowerOfTwoWithinTheWarp()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new GpuCsrOperator(fixture.Device, Poisson.TwoD(4), GpuSpMVKernel.Vector, 3));
        Assert.Equal("lanes", e.ParamName);
        Assert.Equal(0, fixture.Device.LiveBuffers);
    }

    [Fact]
    public void ApplyChecksLengths()
    {
        using var op = new GpuCsrOperator(fixture.Device, Poisson.TwoD(4));
        var e = Assert.Throws<ArgumentException>(() => op.Apply(new double[15], new double[16]));
        Assert.Equal("x", e.ParamName);
    }
}
