using System.Runtime.InteropServices;

namespace Solvers.Linear.Solving;

/// <summary>
/// CPU seconds of the calling thread (CLOCK_THREAD_CPUTIME_ID on Linux, NaN elsewhere): unlike wall time it does not
/// count the time other processes hold the core, which matters for timings on the shared, loaded machine.
/// </summary>
public static class ThreadCpuClock
{
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private const int ThreadCpuTimeId = 3;

    /// <summary>CPU seconds the calling thread has used so far (NaN where the clock is unavailable).</summary>
    public static double Seconds()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        return ClockGetTime(ThreadCpuTimeId, out var t) == 0 ? t.Seconds + 1e-9 * t.Nanoseconds : double.NaN;
    }
}
