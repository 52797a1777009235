using Solvers.Linear.Storage;

namespace Solvers.Linear.Generators.Fluid;

/// <summary>
/// The pressure-projection system A p = b of a 2-D incompressible-flow step on a <see cref="FluidDomain"/>: the
/// standard 5-point finite-volume Laplacian with unit spacing over the fluid cells. For fluid cell i, A[i, i] is the
/// number of fluid neighbours, plus 1 in row 0 for the open (air, p = 0) face above it, and A[i, j] = -1 for each
/// fluid neighbour j; faces to solid cells and to the left, right and bottom walls contribute nothing (Neumann).
/// Every unknown is connected to the open top, so A is symmetric positive definite. Unknowns are the fluid cells in
/// row-major order (brief shared/design/papers/dcdm.md section 6; Kaneda et al., ICML 2023).
/// </summary>
public sealed class FluidPressureSystem
{
    private readonly int[] _cellOfUnknown;
    private readonly int[] _unknownOfCell;

    private FluidPressureSystem(FluidDomain domain, CsrMatrix matrix, int[] cellOfUnknown, int[] unknownOfCell, int removed)
    {
        Domain = domain;
        Matrix = matrix;
        _cellOfUnknown = cellOfUnknown;
        _unknownOfCell = unknownOfCell;
        EnclosedCellsRemoved = removed;
    }

    /// <summary>The grid and obstacle mask the system was built from (as given, before enclosed cells were removed).</summary>
    public FluidDomain Domain { get; }

    /// <summary>The SPD pressure matrix, <see cref="UnknownCount"/> square.</summary>
    public CsrMatrix Matrix { get; }

    /// <summary>Number of unknowns: fluid cells connected (4-neighbour) to the open top.</summary>
    public int UnknownCount => _cellOfUnknown.Length;

    /// <summary>Grid index (row * N + col) of each unknown, increasing.</summary>
    public ReadOnlySpan<int> CellOfUnknown => _cellOfUnknown;

    /// <summary>Unknown of each grid cell, -1 for solid cells and removed enclosed fluid cells; length N * N.</summary>
    public ReadOnlySpan<int> UnknownOfCell => _unknownOfCell;

    /// <summary>
    /// Fluid cells with no 4-neighbour path to the open top. Their block of A would be a pure-Neumann Laplacian
    /// (singular: constant pressure is free), so they are treated as solid and counted here.
    /// </summary>
    public int EnclosedCellsRemoved { get; }

    /// <summary>Assembles the system for <paramref name="domain"/>.</summary>
    /// <exception cref="ArgumentException">No fluid cell touches the open top, so there are no unknowns.</exception>
    public static FluidPressureSystem Build(FluidDomain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        int n = domain.N;
        var active = ConnectedToTop(domain.Mask, n);
        var unknownOfCell = new int[n * n];
        var cells = new List<int>();
        for (int g = 0; g < n * n; g++)
        {
            unknownOfCell[g] = active[g] ? cells.Count : -1;
            if (active[g]) cells.Add(g);
        }
        if (cells.Count == 0)
            throw new ArgumentException($"Fluid domain '{domain.Name}': no fluid cell touches the open top (row 0), so the pressure problem has no unknowns.", nameof(domain));

        // Row-major numbering is monotone in the grid index, so visiting up, left, self, right, down keeps columns sorted.
        int m = cells.Count;
        var rp = new int[m + 1];
        var ci = new List<int>(5 * m);
        var va = new List<double>(5 * m);
        for (int k = 0; k < m; k++)
        {
            int g = cells[k], row = g / n, col = g % n;
            int up = row > 0 ? unknownOfCell[g - n] : -1;
            int left = col > 0 ? unknownOfCell[g - 1] : -1;
            int right = col < n - 1 ? unknownOfCell[g + 1] : -1;
            int down = row < n - 1 ? unknownOfCell[g + n] : -1;
            int degree = (row == 0 ? 1 : 0);
            foreach (int j in (ReadOnlySpan<int>)[up, left]) if (j >= 0) { ci.Add(j); va.Add(-1); degree++; }
            int diagonal = ci.Count;
            ci.Add(k); va.Add(0);
            foreach (int j in (ReadOnlySpan<int>)[right, down]) if (j >= 0) { ci.Add(j); va.Add(-1); degree++; }
            va[diagonal] = degree;
            rp[k + 1] = ci.Count;
        }
        var matrix = CsrMatrix.Wrap(m, m, rp, [.. ci], [.. va]);
        return new FluidPressureSystem(domain, matrix, [.. cells], unknownOfCell, domain.FluidCount - m);
    }

    /// <summary>Writes unknown values into an N * N grid; solid and removed cells get 0.</summary>
    public void ScatterToGrid(ReadOnlySpan<double> x, Span<float> grid)
    {
        CheckLengths(x.Length, grid.Length, nameof(x), nameof(grid));
        grid.Clear();
        for (int k = 0; k < _cellOfUnknown.Length; k++) grid[_cellOfUnknown[k]] = (float)x[k];
    }

    /// <summary>Writes unknown values into an N * N grid; solid and removed cells get 0.</summary>
    public void ScatterToGrid(ReadOnlySpan<double> x, Span<double> grid)
    {
        CheckLengths(x.Length, grid.Length, nameof(x), nameof(grid));
        grid.Clear();
        for (int k = 0; k < _cellOfUnknown.Length; k++) grid[_cellOfUnknown[k]] = x[k];
    }

    /// <summary>Reads the unknowns' cells from an N * N grid (values in solid cells are ignored).</summary>
    public void GatherFromGrid(ReadOnlySpan<float> grid, Span<double> x)
    {
        CheckLengths(x.Length, grid.Length, nameof(x), nameof(grid));
        for (int k = 0; k < _cellOfUnknown.Length; k++) x[k] = grid[_cellOfUnknown[k]];
    }

    /// <summary>A right-hand side with independent N(0, 1) entries, reproducible from <paramref name="seed"/>.</summary>
    public double[] RandomRhs(int seed)
    {
        var random = new Random(seed);
        var b = new double[UnknownCount];
        for (int k = 0; k < b.Length; k++) b[k] = GaussianRandomField.Gaussian(random);
        return b;
    }

    /// <summary>
    /// A divergence right-hand side b = -div u, as a projection step sees it. u is a random velocity on the cell
    /// faces (MAC grid): each component is a sum of six low-wavenumber plane waves (wavenumbers 0..3 per direction,
    /// N(0, 1) amplitudes divided by |k|, random phases) plus 10 % white noise per face, so it is smooth at the grid
    /// scale but not divergence-free. The normal velocity is then set to zero on every face that touches a solid
    /// cell, a removed enclosed cell or a wall; only the open top faces of row 0 keep theirs. b_i = -(sum of outward
    /// face velocities of cell i). Solving A p = b and subtracting the face gradient of p (with p = 0 in the air)
    /// makes the velocity discretely divergence-free in every fluid cell; sum(b) equals minus the net outward flux
    /// through the open top (the discrete divergence theorem). Reproducible from <paramref name="seed"/>.
    /// </summary>
    public double[] DivergenceRhs(int seed)
    {
        var field = Velocity(seed);
        int n = Domain.N;
        var b = new double[UnknownCount];
        for (int k = 0; k < b.Length; k++) b[k] = -field.Divergence(_cellOfUnknown[k] / n, _cellOfUnknown[k] % n);
        return b;
    }

    /// <summary>The velocity field behind <see cref="DivergenceRhs"/> for the same seed (tests check invariants on it).</summary>
    internal MacVelocityField Velocity(int seed)
    {
        var active = new bool[_unknownOfCell.Length];
        for (int g = 0; g < active.Length; g++) active[g] = _unknownOfCell[g] >= 0;
        return MacVelocityField.Random(active, Domain.N, seed);
    }

    private void CheckLengths(int unknowns, int cells, string unknownName, string gridName)
    {
        if (unknowns != UnknownCount)
            throw new ArgumentException($"Vector has length {unknowns}; the system has {UnknownCount} unknowns.", unknownName);
        int n = Domain.N;
        if (cells != n * n)
            throw new ArgumentException($"Grid has length {cells}; a {n} x {n} grid needs {n * n}.", gridName);
    }

    /// <summary>Breadth-first search over fluid cells from the fluid cells of row 0 (the ones with an air face).</summary>
    private static bool[] ConnectedToTop(ReadOnlySpan<bool> mask, int n)
    {
        var reached = new bool[n * n];
        var queue = new Queue<int>();
        for (int col = 0; col < n; col++)
            if (mask[col]) { reached[col] = true; queue.Enqueue(col); }
        while (queue.Count > 0)
        {
            int g = queue.Dequeue(), row = g / n, col = g % n;
            Span<int> neighbours = [row > 0 ? g - n : -1, row < n - 1 ? g + n : -1, col > 0 ? g - 1 : -1, col < n - 1 ? g + 1 : -1];
            foreach (int h in neighbours)
                if (h >= 0 && mask[h] && !reached[h]) { reached[h] = true; queue.Enqueue(h); }
        }
        return reached;
    }
}
