using System.Collections.Concurrent;
using Solvers.Linear.IO;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests;

/// <summary>
/// Locates the test matrices of tests/data: first the copy next to the test assembly (data/, put there by
/// the project file), else the repository folder found by walking up from the assembly directory.
/// </summary>
public static class TestData
{
    private static readonly Lazy<string> s_directory = new(Locate);
    private static readonly ConcurrentDictionary<string, Lazy<CsrMatrix>> s_matrices = new();

    /// <summary>The six real matrices with their size and full (both-triangle) entry count, as in tests/data/SOURCES.md.</summary>
    public static readonly IReadOnlyList<(string File, int N, int NonZerosFull, bool Symmetric)> Matrices =
    [
        ("1138_bus.mtx", 1138, 4054, true),
        ("gr_30_30.mtx", 900, 7744, true),
        ("crystm01.mtx", 4875, 105339, true),
        ("bcsstk25.mtx", 15439, 252241, true),
        ("sherman5.mtx", 3312, 20793, false),
        ("hor_131.mtx", 434, 4710, false),
    ];

    /// <summary>Absolute path of the test data folder.</summary>
    public static string Directory => s_directory.Value;

    /// <summary>Absolute path of <paramref name="fileName"/> in the test data folder; throws if it is missing.</summary>
    public static string File(string fileName)
    {
        string path = Path.Combine(Directory, fileName);
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"Test data file '{fileName}' not found in {Directory}.", path);
        return path;
    }

    /// <summary>
    /// The test matrix <paramref name="fileName"/> read with <see cref="MatrixMarket.ReadMatrix(string)"/>, once per
    /// test run (the matrix is immutable, so tests share it).
    /// </summary>
    public static CsrMatrix Matrix(string fileName) =>
        s_matrices.GetOrAdd(fileName, name => new Lazy<CsrMatrix>(() => MatrixMarket.ReadMatrix(File(name)))).Value;

    private static string Locate()
    {
        string copied = Path.Combine(AppContext.BaseDirectory, "data");
        if (System.IO.File.Exists(Path.Combine(copied, "SOURCES.md"))) return copied;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "data");
            if (System.IO.File.Exists(Path.Combine(candidate, "SOURCES.md"))) return candidate;
        }
        throw new DirectoryNotFoundException($"tests/data not found next to or above {AppContext.BaseDirectory}.");
    }
}
