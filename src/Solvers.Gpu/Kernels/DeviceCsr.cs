using ILGPU;
using ILGPU.Runtime;
using Solvers.Gpu.Devices;
using Solvers.Linear.Storage;

namespace Solvers.Gpu.Kernels;

/// <summary>
/// A CSR matrix resident on a device, with the SpMV kernel chosen once from its mean row length:
/// scalar CSR below <see cref="VectorThreshold"/> entries per row, vector CSR above, with about
/// <see cref="EntriesPerLane"/> entries per lane (a power of two from 2 to the warp size).
/// </summary>
/// <remarks>
/// Measured on an H200 (benchmarks/gpu/RESULTS-gpu.md): on 5- and 7-point stencils scalar CSR ran at 99-101%
/// of the copy bandwidth and every vector width was slower (2 lanes: 78-85%); on a band matrix with 65
/// entries per row scalar reached 29%, vector-8 85%, vector-16 84%, vector-32 69%. The switch-over point
/// between 7 and 65 entries per row was not measured; 16 is a guess.
/// </remarks>
internal sealed class DeviceCsr : IDisposable
{
    /// <summary>Mean stored entries per row from which the vector kernel is used.</summary>
    public const double VectorThreshold = 16;

    /// <summary>Target entries per lane when the vector kernel picks its lane count.</summary>
    public const double EntriesPerLane = 8;

    private readonly GpuDevice _device;
    private readonly DeviceBuffer<int> _rowPointers;
    private readonly DeviceBuffer<int> _columnIndices;
    private readonly DeviceBuffer<double> _values;

    public DeviceCsr(GpuDevice device, CsrMatrix matrix, GpuSpMVKernel kernel = GpuSpMVKernel.Auto, int lanes = 0)
    {
        _device = device;
        Rows = matrix.RowCount;
        Columns = matrix.ColumnCount;
        NonZeroCount = matrix.NonZeroCount;
        double mean = Rows == 0 ? 0 : (double)NonZeroCount / Rows;
        if (kernel == GpuSpMVKernel.Auto) kernel = mean >= VectorThreshold ? GpuSpMVKernel.Vector : GpuSpMVKernel.Scalar;
        if (kernel == GpuSpMVKernel.Vector)
        {
            if (lanes <= 0)
            {
                lanes = 2;
                while (lanes * 2 * EntriesPerLane <= mean && lanes * 2 <= device.WarpSize) lanes *= 2;
                lanes = Math.Min(lanes, device.WarpSize);
            }
            if (lanes > device.WarpSize || (lanes & (lanes - 1)) != 0)
                throw new ArgumentOutOfRangeException(nameof(lanes), lanes, $"Lanes per row must be a power of two no larger than the warp size {device.WarpSize}.");
            if ((long)Rows * lanes > int.MaxValue) { kernel = GpuSpMVKernel.Scalar; lanes = 1; }
        }
        else lanes = 1;
        Kernel = kernel;
        Lanes = lanes;
        int threads = Rows * lanes;
        Groups = Math.Max(1, (threads + device.GroupSize - 1) / device.GroupSize);

        _rowPointers = device.Upload(matrix.RowPointers);
        try
        {
            _columnIndices = device.Upload(matrix.ColumnIndices);
            _values = device.Upload(matrix.Values);
        }
        catch
        {
            _rowPointers.Dispose();
            _columnIndices?.Dispose();
            throw;
        }
    }

    public int Rows { get; }
    public int Columns { get; }
    public int NonZeroCount { get; }
    public GpuSpMVKernel Kernel { get; }
    public int Lanes { get; }

    /// <summary>Number of groups of one SpMV launch (= entries of the partials it writes).</summary>
    public int Groups { get; }

    /// <summary>Bytes one SpMV moves at least: values and indices, row pointers, x once, y once.</summary>
    public long Bytes => 12L * NonZeroCount + 4L * (Rows + 1) + 8L * Columns + 8L * Rows;

    /// <summary>Enqueues y = A x; with partials (Groups entries), also the pass-one partials of x·y.</summary>
    public void Multiply(ArrayView<double> x, ArrayView<double> y, ArrayView<double> partials, bool withDot)
    {
        var config = new KernelConfig(Groups, _device.GroupSize);
        var k = _device.Kernels;
        if (Kernel == GpuSpMVKernel.Vector)
            k.SpMVVector(config, _rowPointers.View, _columnIndices.View, _values.View, x, y, partials, Rows, Lanes, withDot ? 1 : 0);
        else
            k.SpMVScalar(config, _rowPointers.View, _columnIndices.View, _values.View, x, y, partials, Rows, withDot ? 1 : 0);
    }

    public void Dispose()
    {
        _values.Dispose();
        _columnIndices.Dispose();
        _rowPointers.Dispose();
    }
}
