using ILGPU;

namespace Solvers.Gpu.Kernels;

/// <summary>
/// A deterministic group-wide sum for the kernels: a shared-memory tree (Harris, "Optimizing parallel
/// reduction in CUDA", NVIDIA 2007, kernel 3) with a fixed pairing, so the result depends only on the group
/// size. Uses only shared memory and group barriers. The first version (a warp-shuffle tree with offsets from
/// <c>Warp.WarpSize</c>, then the warp sums through shared memory) made ILGPU 1.5.3 throw an
/// InternalCompilerException (KeyNotFoundException 'MappingKey' in IntrinsicSpecializer) when compiling for
/// CUDA on an H200 under .NET 10; isolated shuffles with constant offsets compiled. ILGPU.Algorithms' group
/// reduction is not bitwise reproducible on the CPU accelerator.
/// </summary>
internal static class GroupReduce
{
    /// <summary>Largest group the reductions support (the device clamps its group sizes to this).</summary>
    public const int MaxGroupSize = 1024;

    /// <summary>
    /// Sum of <paramref name="value"/> over the group, returned to every thread. The group size must be a
    /// power of two; every thread of the group must call it (it contains barriers).
    /// </summary>
    public static double Sum(double value)
    {
        var shared = SharedMemory.Allocate<double>(MaxGroupSize);
        int t = Group.IdxX;
        shared[t] = value;
        Group.Barrier();
        for (int s = Group.DimX >> 1; s > 0; s >>= 1)
        {
            if (t < s) shared[t] += shared[t + s];
            Group.Barrier();
        }
        double total = shared[0];
        Group.Barrier();
        return total;
    }

    /// <summary>
    /// Maximum of <paramref name="value"/> over the group, returned to every thread (a NaN wins, as in
    /// Math.Max). The group size must be a power of two; every thread of the group must call it.
    /// </summary>
    public static double Max(double value)
    {
        var shared = SharedMemory.Allocate<double>(MaxGroupSize);
        int t = Group.IdxX;
        shared[t] = value;
        Group.Barrier();
        for (int s = Group.DimX >> 1; s > 0; s >>= 1)
        {
            if (t < s) shared[t] = Math.Max(shared[t], shared[t + s]);
            Group.Barrier();
        }
        double total = shared[0];
        Group.Barrier();
        return total;
    }

    /// <summary>
    /// Sums <paramref name="value"/> over aligned segments of <paramref name="lanes"/> consecutive threads
    /// (a power of two dividing the group size); the first thread of each segment gets the segment's sum.
    /// Every thread of the group must call it.
    /// </summary>
    public static double SegmentSum(double value, int lanes)
    {
        var shared = SharedMemory.Allocate<double>(MaxGroupSize);
        int t = Group.IdxX;
        int lane = t & (lanes - 1);
        shared[t] = value;
        Group.Barrier();
        for (int offset = lanes >> 1; offset > 0; offset >>= 1)
        {
            if (lane < offset) shared[t] += shared[t + offset];
            Group.Barrier();
        }
        double total = shared[t];
        Group.Barrier();
        return total;
    }
}
