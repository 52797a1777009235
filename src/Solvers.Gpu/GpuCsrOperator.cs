using Solvers.Gpu.Devices;
using Solvers.Gpu.Kernels;
using Solvers.Linear.Operators;
using Solvers.Linear.Storage;

namespace Solvers.Gpu;

/// <summary>
/// A CSR matrix uploaded once to a device; <see cref="Apply"/> copies x up, runs the SpMV kernel and copies
/// y back. Useful to plug a device product into any <see cref="ILinearOperator"/> consumer, but each call pays
/// two PCIe transfers: for whole solves use GpuSolver, which keeps everything resident.
/// </summary>
public sealed class GpuCsrOperator : ILinearOperator, IDisposable
{
    private readonly GpuDevice _device;
    private readonly DeviceCsr _matrix;
    private readonly DeviceBuffer<double> _x;
    private readonly DeviceBuffer<double> _y;

    /// <summary>Uploads <paramref name="matrix"/> to <paramref name="device"/>.</summary>
    /// <param name="device">An open device (from <see cref="DeviceSelector"/>).</param>
    /// <param name="matrix">The matrix; copied, so later changes to the caller's arrays are not seen.</param>
    /// <param name="kernel">Scalar or vector CSR; <see cref="GpuSpMVKernel.Auto"/> picks by mean row length.</param>
    /// <param name="lanesPerRow">Lanes per row of the vector kernel (a power of two up to the warp size); 0 picks from the mean row length.</param>
    /// <exception cref="ArgumentException">A null argument, or lanes that are not a power of two up to the warp size.</exception>
    public GpuCsrOperator(GpuDevice device, CsrMatrix matrix, GpuSpMVKernel kernel = GpuSpMVKernel.Auto, int lanesPerRow = 0)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(matrix);
        _device = device;
        _matrix = new DeviceCsr(device, matrix, kernel, lanesPerRow);
        try
        {
            _x = device.Allocate<double>(matrix.ColumnCount);
            _y = device.Allocate<double>(matrix.RowCount);
        }
        catch
        {
            _x?.Dispose();
            _matrix.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public int RowCount => _matrix.Rows;

    /// <inheritdoc />
    public int ColumnCount => _matrix.Columns;

    /// <summary>The kernel in use (never <see cref="GpuSpMVKernel.Auto"/>).</summary>
    public GpuSpMVKernel Kernel => _matrix.Kernel;

    /// <summary>Lanes per row of the vector kernel; 1 for the scalar kernel.</summary>
    public int LanesPerRow => _matrix.Lanes;

    /// <summary>Bytes one product moves at least (12 per entry, 4 per row pointer, x and y once).</summary>
    public long BytesPerProduct => _matrix.Bytes;

    /// <summary>Computes y = A x on the device (x copied up, y copied back).</summary>
    /// <exception cref="ArgumentException">x or y has the wrong length.</exception>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != ColumnCount) throw new ArgumentException($"Input vector has length {x.Length}; the operator needs {ColumnCount}.", nameof(x));
        if (y.Length != RowCount) throw new ArgumentException($"Output vector has length {y.Length}; the operator produces {RowCount}.", nameof(y));
        _x.Upload(x);
        _matrix.Multiply(_x.View, _y.View, _y.View, withDot: false);
        _device.Synchronize();
        _y.Download(y);
    }

    /// <summary>
    /// Runs the device product <paramref name="repetitions"/> times on the data already uploaded and
    /// returns the mean seconds per product (kernel time only, no transfers).
    /// </summary>
    public double TimeResidentProducts(int repetitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        _matrix.Multiply(_x.View, _y.View, _y.View, withDot: false);
        _device.Synchronize();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < repetitions; i++) _matrix.Multiply(_x.View, _y.View, _y.View, withDot: false);
        _device.Synchronize();
        return clock.Elapsed.TotalSeconds / repetitions;
    }

    /// <summary>Frees the device copies of the matrix and the two vectors.</summary>
    public void Dispose()
    {
        _y.Dispose();
        _x.Dispose();
        _matrix.Dispose();
    }
}
