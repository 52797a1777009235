using System.Buffers;

namespace Solvers.Linear.Solving;

/// <summary>
/// Work vectors of one solve or one preconditioner set-up, rented from <see cref="ArrayPool{T}.Shared"/> when small.
/// </summary>
/// <remarks>
/// On problems solved in a millisecond or less, a solve that allocates its vectors afresh spends a large part of
/// its time in first touches of new memory (page faults: ~340 per GMRES(30) solve of sherman5, about 0.6 ms of
/// 2.5 ms). Renting lets the second and later solves in a process reuse memory that is already mapped. Only blocks
/// up to <see cref="PooledLimit"/> doubles are pooled, because the pool keeps what it is given alive after the
/// solve; larger ones are allocated (their cost is small next to the solve's). Rented arrays are longer than asked
/// and hold old data: callers slice them and initialise what they read.
/// </remarks>
internal static class Workspace
{
    /// <summary>Largest block, in doubles, that is pooled (4 MiB).</summary>
    public const int PooledLimit = 1 << 19;

    /// <summary>An array of at least <paramref name="length"/> doubles, contents undefined.</summary>
    public static double[] Rent(int length) =>
        length <= PooledLimit ? ArrayPool<double>.Shared.Rent(length) : GC.AllocateUninitializedArray<double>(length);

    /// <summary>Gives back an array from <see cref="Rent"/>; the caller must not use it afterwards.</summary>
    public static void Return(double[] array)
    {
        if (array.Length <= PooledLimit) ArrayPool<double>.Shared.Return(array);
    }
}
