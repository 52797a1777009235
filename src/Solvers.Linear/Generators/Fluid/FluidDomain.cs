using System.Globalization;

namespace Solvers.Linear.Generators.Fluid;

/// <summary>
/// An N x N cell grid of fluid and solid cells for a 2-D incompressible-flow pressure problem (issue #9, brief
/// shared/design/papers/dcdm.md section 6). Cell (row, col): row 0 is the TOP row (the first line of a mask CSV),
/// col 0 the left column; grid index g = row * N + col. The top face of row 0 is open (air, Dirichlet p = 0);
/// the left, right and bottom walls are solid (Neumann). Immutable.
/// </summary>
public sealed class FluidDomain
{
    private readonly bool[] _mask;

    private FluidDomain(bool[] mask, int n, string name)
    {
        _mask = mask;
        N = n;
        Name = name;
    }

    /// <summary>Cells per side.</summary>
    public int N { get; }

    /// <summary>N * N flags, row-major (g = row * N + col), true = fluid.</summary>
    public ReadOnlySpan<bool> Mask => _mask;

    /// <summary>"box", "disc", "rects", or the mask file's name.</summary>
    public string Name { get; }

    /// <summary>Number of fluid cells (before any enclosed region is removed by <see cref="FluidPressureSystem.Build"/>).</summary>
    public int FluidCount => _mask.Count(f => f);

    /// <summary>Whether cell (<paramref name="row"/>, <paramref name="col"/>) is fluid.</summary>
    public bool IsFluid(int row, int col)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)N, nameof(row));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)col, (uint)N, nameof(col));
        return _mask[row * N + col];
    }

    /// <summary>The empty box: every cell is fluid.</summary>
    public static FluidDomain Box(int n)
    {
        CheckSize(n);
        return new FluidDomain(Enumerable.Repeat(true, n * n).ToArray(), n, "box");
    }

    /// <summary>
    /// A solid disc in the box. Centre and radius are fractions of N; a cell is solid when its centre
    /// (row + 0.5, col + 0.5) lies within the radius. The default sits below the middle, clear of the open top.
    /// </summary>
    public static FluidDomain Disc(int n, double centerRow = 0.55, double centerCol = 0.5, double radius = 0.2)
    {
        CheckSize(n);
        if (!double.IsFinite(centerRow) || !double.IsFinite(centerCol)) throw new ArgumentException("The disc centre must be finite.", nameof(centerRow));
        if (!(radius >= 0) || !double.IsFinite(radius)) throw new ArgumentOutOfRangeException(nameof(radius), radius, "The radius must be a finite non-negative fraction of N.");
        double cr = centerRow * n, cc = centerCol * n, r = radius * n;
        var mask = new bool[n * n];
        for (int row = 0; row < n; row++)
            for (int col = 0; col < n; col++)
            {
                double dr = row + 0.5 - cr, dc = col + 0.5 - cc;
                mask[row * n + col] = dr * dr + dc * dc > r * r;
            }
        return new FluidDomain(mask, n, "disc");
    }

    /// <summary>
    /// <paramref name="count"/> random solid rectangles, reproducible from <paramref name="seed"/>. Each side is drawn
    /// uniformly from [max(1, N/10), max(1, N/4)]; rectangles may overlap and touch walls. A rectangle that would make
    /// the whole top row solid is skipped (there would be no open face left, so no pressure problem).
    /// </summary>
    public static FluidDomain Rectangles(int n, int count = 4, int seed = 1)
    {
        CheckSize(n);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        int min = Math.Max(1, n / 10), max = Math.Max(min, n / 4);
        var mask = Enumerable.Repeat(true, n * n).ToArray();
        for (int k = 0; k < count; k++)
        {
            int h = random.Next(min, max + 1), w = random.Next(min, max + 1);
            int top = random.Next(0, n - h + 1), left = random.Next(0, n - w + 1);
            if (top == 0 && Enumerable.Range(0, n).All(col => !mask[col] || (col >= left && col < left + w))) continue;
            for (int row = top; row < top + h; row++)
                for (int col = left; col < left + w; col++)
                    mask[row * n + col] = false;
        }
        return new FluidDomain(mask, n, "rects");
    }

    /// <summary>A domain from a row-major mask (true = fluid, length n * n), which is copied.</summary>
    public static FluidDomain FromMask(bool[] mask, int n, string name)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(name);
        CheckSize(n);
        if (mask.Length != n * n)
            throw new ArgumentException($"The mask has {mask.Length} cells; an {n} x {n} grid needs {n * n}.", nameof(mask));
        return new FluidDomain((bool[])mask.Clone(), n, name);
    }

    /// <summary>
    /// Reads an obstacle mask: one grid row per line (the first line is the top row), N comma-separated values per
    /// line, 1 = fluid and 0 = solid, N lines. Blank lines at the end are ignored.
    /// </summary>
    /// <exception cref="FormatException">A value is not 0 or 1, or the rows are not N lines of N values (the message names the line and column).</exception>
    public static FluidDomain ReadCsv(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (mask, n) = FluidMaskCsv.Read(path);
        return new FluidDomain(mask, n, Path.GetFileName(path));
    }

    /// <summary>
    /// The domain named by <paramref name="kind"/> on an <paramref name="n"/> x <paramref name="n"/> grid:
    /// "box", "disc", "rects" (seed 1), "rects@SEED", or the path of a mask CSV, whose size must be <paramref name="n"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown kind, bad seed, or a mask file of another size.</exception>
    public static FluidDomain Parse(int n, string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        CheckSize(n);
        string lower = kind.Trim().ToLowerInvariant();
        if (lower == "box") return Box(n);
        if (lower == "disc") return Disc(n);
        if (lower == "rects") return Rectangles(n);
        if (lower.StartsWith("rects@", StringComparison.Ordinal))
        {
            if (!int.TryParse(lower["rects@".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed))
                throw new ArgumentException($"Fluid domain '{kind}': expected rects@SEED with an integer SEED, e.g. rects@7.", nameof(kind));
            return Rectangles(n, seed: seed);
        }
        if (!File.Exists(kind))
            throw new ArgumentException($"Fluid domain '{kind}' is neither box, disc, rects, rects@SEED nor an existing mask CSV file.", nameof(kind));
        var domain = ReadCsv(kind);
        if (domain.N != n)
            throw new ArgumentException($"Mask '{kind}' is {domain.N} x {domain.N} but the grid size asked for is {n}; use {domain.N}.", nameof(n));
        return domain;
    }

    private static void CheckSize(int n)
    {
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(n), n, "The grid must be at least 2 x 2 cells.");
        if ((long)n * n * 5 > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(n), n, "Grid too large for 32-bit CSR indices.");
    }
}
