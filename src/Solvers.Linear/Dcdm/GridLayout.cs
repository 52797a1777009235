namespace Solvers.Linear.Dcdm;

/// <summary>
/// Where the unknowns of a grid-based linear system sit on its Height x Width cell grid: unknown i lives in cell
/// <c>CellOfUnknown[i]</c> = row * Width + col. Cells without an unknown (solids) are zero when a vector is put on the grid.
/// DCDM needs this because its network sees residuals as images.
/// </summary>
public sealed class GridLayout
{
    private readonly int[] _cellOfUnknown;

    /// <summary>A layout; every cell index must be inside the grid and appear at most once.</summary>
    public GridLayout(int height, int width, ReadOnlySpan<int> cellOfUnknown)
    {
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), $"Grid {height} x {width} is empty.");
        var seen = new bool[height * width];
        for (int i = 0; i < cellOfUnknown.Length; i++)
        {
            int cell = cellOfUnknown[i];
            if ((uint)cell >= (uint)seen.Length)
                throw new ArgumentException($"Unknown {i} sits in cell {cell}, outside the {height} x {width} grid.", nameof(cellOfUnknown));
            if (seen[cell]) throw new ArgumentException($"Cell {cell} holds two unknowns (the second is {i}).", nameof(cellOfUnknown));
            seen[cell] = true;
        }
        Height = height;
        Width = width;
        _cellOfUnknown = cellOfUnknown.ToArray();
    }

    /// <summary>Grid rows.</summary>
    public int Height { get; }

    /// <summary>Grid columns.</summary>
    public int Width { get; }

    /// <summary>Number of unknowns (rows of the matrix).</summary>
    public int UnknownCount => _cellOfUnknown.Length;

    /// <summary>Cell (row * Width + col) of each unknown.</summary>
    public ReadOnlySpan<int> CellOfUnknown => _cellOfUnknown;

    /// <summary>Every cell an unknown, row-major: the layout of <see cref="Generators.Poisson.TwoD"/>.</summary>
    public static GridLayout Full(int height, int width)
        => new(height, width, Enumerable.Range(0, height * width).ToArray());
}
