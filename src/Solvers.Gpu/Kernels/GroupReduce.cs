using ILGPU;

namespace Solvers.Gpu.Kernels;

/// <summary>
/// A deterministic group-wide sum for the kernels: a warp-shuffle tree in each warp, then the first thread adds
/// the warp sums in warp order. ILGPU.Algorithms' group reduction is not bitwise reproducible on the CPU
/// accelerator, and the two-pass dot products promise reproducibility on every device.
/// </summary>
internal static class GroupReduce
{
    /// <summary>Most warps a group may have (the device clamps its group sizes to this).</summary>
    public const int MaxWarps = 64;

    /// <summary>
    /// Sum of <paramref name="value"/> over the group, valid in the group's first thread. Every thread of the
    /// group must call it (it contains barriers).
    /// </summary>
    public static double Sum(double value)
    {
        var warpSums = SharedMemory.Allocate<double>(MaxWarps);
        for (int offset = Warp.WarpSize / 2; offset > 0; offset /= 2)
            value += Warp.ShuffleDown(value, offset);
        if (Warp.IsFirstLane) warpSums[Warp.WarpIdx] = value;
        Group.Barrier();
        double total = 0;
        if (Group.IsFirstThread)
        {
            int warps = (Group.DimX + Warp.WarpSize - 1) / Warp.WarpSize;
            for (int w = 0; w < warps; w++) total += warpSums[w];
        }
        Group.Barrier();
        return total;
    }
}
