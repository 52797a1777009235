using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Solvers.Gpu.Devices;

namespace Solvers.Cli.Commands;

/// <summary><c>solvers gpu-info</c>: the CUDA devices found, the device a solve would use, its memory and measured bandwidth.</summary>
internal static class GpuInfoCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "auto, cuda, cpu-sim or off.", DefaultValueFactory = _ => "auto" };
        device.AcceptOnlyFromAmong([.. DeviceChoices.Names]);
        var bandwidth = new Option<bool>("--no-bandwidth") { Description = "Skip the copy/triad bandwidth measurement." };
        var elements = new Option<int?>("--elements") { Description = "Doubles per array of the bandwidth probe (default 2^25 on CUDA, 2^14 on the simulator)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("gpu-info", "List CUDA devices, open the device --device selects (with its fallback), and measure its memory bandwidth.\n" +
            "Example: solvers gpu-info --json");
        foreach (var option in new Option[] { device, bandwidth, elements, json })
            command.Options.Add(option);
        command.SetAction(parse => Run(parse.GetValue(device)!, !parse.GetValue(bandwidth), parse.GetValue(elements), parse.GetValue(json)));
        return command;
    }

    private static int Run(string deviceText, bool measure, int? elements, bool json)
    {
        DeviceChoice choice;
        try
        {
            choice = DeviceChoices.Parse(deviceText);
            if (elements is < 1) throw new ArgumentOutOfRangeException(nameof(elements), elements, "--elements must be positive.");
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"solvers gpu-info: {e.Message}");
            return Program.ExitBadInput;
        }

        var enumeration = new List<string>();
        var cuda = DeviceSelector.ListCudaDevices(enumeration);
        var selection = DeviceSelector.Open(choice);
        using var gpu = selection.Device;
        BandwidthResult? bw = null;
        string? bandwidthError = null;
        if (gpu is not null && measure)
        {
            int n = elements ?? (gpu.Kind == GpuDeviceKind.Cuda ? 1 << 25 : 1 << 14);
            try
            {
                bw = BandwidthProbe.Measure(gpu, n, gpu.Kind == GpuDeviceKind.Cuda ? 20 : 3);
            }
            catch (Exception e)
            {
                bandwidthError = $"{e.GetType().Name}: {e.Message}";
            }
        }

        var report = new Report
        {
            Requested = choice.ToOptionString(),
            CudaDevices = cuda,
            Device = gpu?.Name ?? "cpu",
            Kind = gpu is null ? "cpu" : gpu.Kind == GpuDeviceKind.Cuda ? "cuda" : "cpu-sim",
            MemoryBytes = gpu?.Kind == GpuDeviceKind.Cuda ? gpu.MemoryBytes : null,
            Multiprocessors = gpu?.MultiprocessorCount,
            WarpSize = gpu?.WarpSize,
            Architecture = gpu?.Architecture,
            InstructionSet = gpu?.InstructionSet,
            DriverVersion = gpu?.DriverVersion,
            KernelLoadSeconds = gpu?.KernelLoadSeconds,
            CopyGBs = bw?.CopyGBs,
            TriadGBs = bw?.TriadGBs,
            BandwidthElements = bw?.Elements,
            BandwidthError = bandwidthError,
            FallbackReason = selection.FallbackReason,
            Messages = [.. enumeration, .. selection.Messages],
        };
        if (json) Console.Out.WriteLine(JsonSerializer.Serialize(report, Report.Options));
        else Print(report);
        return Program.ExitConverged;
    }

    private static void Print(Report r)
    {
        var inv = CultureInfo.InvariantCulture;
        var o = Console.Out;
        o.WriteLine(r.CudaDevices.Count == 0 ? "CUDA devices: none found" : "CUDA devices:");
        foreach (var d in r.CudaDevices) o.WriteLine($"  {d}");
        o.WriteLine($"requested: {r.Requested}");
        o.WriteLine($"device:    {r.Device} ({r.Kind})");
        if (r.MemoryBytes is { } bytes) o.WriteLine($"memory:    {(bytes / (1024.0 * 1024 * 1024)).ToString("F1", inv)} GiB");
        if (r.Multiprocessors is { } sms) o.WriteLine($"layout:    {sms} multiprocessors, warp {r.WarpSize}" + (r.Architecture is null ? "" : $", {r.Architecture}, {r.InstructionSet}, driver {r.DriverVersion}"));
        if (r.KernelLoadSeconds is { } load) o.WriteLine($"kernels:   loaded in {load.ToString("F3", inv)} s");
        if (r.CopyGBs is { } copy)
            o.WriteLine($"bandwidth: copy {copy.ToString("F1", inv)} GB/s, triad {r.TriadGBs!.Value.ToString("F1", inv)} GB/s ({r.BandwidthElements} doubles per array)" +
                (r.Kind == "cpu-sim" ? " - ILGPU CPU simulator, not a GPU" : ""));
        if (r.BandwidthError is not null) o.WriteLine($"bandwidth: failed ({r.BandwidthError})");
        if (r.FallbackReason is not null) o.WriteLine($"fallback:  {r.FallbackReason}");
        foreach (var m in r.Messages) o.WriteLine($"  - {m}");
    }

    /// <summary>The JSON object of <c>gpu-info --json</c>.</summary>
    private sealed record Report
    {
        public static readonly JsonSerializerOptions Options = new()
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        public required string Requested { get; init; }
        public required IReadOnlyList<string> CudaDevices { get; init; }
        public required string Device { get; init; }
        public required string Kind { get; init; }
        public long? MemoryBytes { get; init; }
        public int? Multiprocessors { get; init; }
        public int? WarpSize { get; init; }
        public string? Architecture { get; init; }
        public string? InstructionSet { get; init; }
        public string? DriverVersion { get; init; }
        public double? KernelLoadSeconds { get; init; }
        public double? CopyGBs { get; init; }
        public double? TriadGBs { get; init; }
        public long? BandwidthElements { get; init; }
        public string? BandwidthError { get; init; }
        public string? FallbackReason { get; init; }
        public required IReadOnlyList<string> Messages { get; init; }
    }
}
