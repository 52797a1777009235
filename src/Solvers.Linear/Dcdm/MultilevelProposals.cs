using Solvers.Linear.Dcdm.Network;
using Solvers.Linear.Kernels;

namespace Solvers.Linear.Dcdm;

/// <summary>
/// The search directions DCDM proposes in one iteration: the network applied to the residual on the problem's grid
/// and, with coarse levels, the same network applied to the residual summed onto grids coarsened 2x, 4x, ... and
/// interpolated back level by level (<see cref="MaskedProlongation"/>). A network trained on one grid size only sees a
/// fixed neighbourhood; on a grid coarsened to about that size it sees the whole domain again, so the coarse
/// proposals carry the smooth error the fine one cannot reach. Not in the paper; level 0 alone is the paper's method.
/// </summary>
internal sealed class MultilevelProposals
{
    private readonly GridLayout _layout;
    private readonly NetworkDirection[] _directions;
    private readonly int[][] _coarseOf;
    private readonly bool[][] _occupied;
    private readonly (int Height, int Width)[] _sizes;
    private readonly double[][] _coarseResidual, _coarseDirection;
    // One full grid per level (level 0: the problem's), reused by every proposal: prolongation runs through them.
    private readonly double[][] _grids;

    public MultilevelProposals(PressureNetwork network, GridLayout layout, int coarseLevels, int threads)
    {
        _layout = layout;
        var directions = new List<NetworkDirection> { new(network, layout, threads) };
        var coarseOf = new List<int[]> { Array.Empty<int>() };
        var occupied = new List<bool[]> { Occupancy(layout, 0, layout.Height, layout.Width, out _) };
        var sizes = new List<(int, int)> { (layout.Height, layout.Width) };
        for (int level = 1; level <= coarseLevels; level++)
        {
            int h = (layout.Height + (1 << level) - 1) >> level, w = (layout.Width + (1 << level) - 1) >> level;
            if (h < 2 || w < 2) break;
            var occ = Occupancy(layout, level, h, w, out var map);
            var cells = Enumerable.Range(0, h * w).Where(c => occ[c]).ToArray();
            directions.Add(new NetworkDirection(network, new GridLayout(h, w, cells), threads));
            coarseOf.Add(map);
            occupied.Add(occ);
            sizes.Add((h, w));
        }
        _directions = directions.ToArray();
        _coarseOf = coarseOf.ToArray();
        _occupied = occupied.ToArray();
        _sizes = sizes.ToArray();
        _coarseResidual = _directions.Select(d => new double[d.UnknownCount]).ToArray();
        _coarseDirection = _directions.Select(d => new double[d.UnknownCount]).ToArray();
        _grids = _sizes.Select(size => new double[size.Height * size.Width]).ToArray();
    }

    /// <summary>Proposals per iteration: 1 + the coarse levels that fit the grid (sides of at least 2 cells).</summary>
    public int Count => _directions.Length;

    /// <summary>q = proposal <paramref name="level"/> for residual r (of norm <paramref name="rNorm"/>).</summary>
    public void Propose(int level, ReadOnlySpan<double> r, double rNorm, Span<double> q)
    {
        var direction = _directions[level];
        if (level == 0)
        {
            direction.Apply(r, direction.InputScale(rNorm), q);
            return;
        }
        var map = _coarseOf[level];
        var rc = _coarseResidual[level];
        var qc = _coarseDirection[level];
        Array.Clear(rc);
        for (int i = 0; i < map.Length; i++) rc[map[i]] += r[i];
        direction.Apply(rc, direction.InputScale(Blas1.Norm2(rc)), qc);

        var grid = _grids[level];
        var occupied = _occupied[level];
        for (int c = 0, k = 0; c < grid.Length; c++) grid[c] = occupied[c] ? qc[k++] : 0;
        for (int l = level; l > 0; l--)
            MaskedProlongation.Prolong(_grids[l], _occupied[l], _sizes[l].Height, _sizes[l].Width, _sizes[l - 1].Height, _sizes[l - 1].Width, _grids[l - 1]);
        var fine = _grids[0];
        var cells = _layout.CellOfUnknown;
        for (int i = 0; i < q.Length; i++) q[i] = fine[cells[i]];
    }

    /// <summary>Which cells of the grid coarsened 2^level times hold an unknown, and the coarse unknown of each fine one.</summary>
    private static bool[] Occupancy(GridLayout layout, int level, int h, int w, out int[] coarseUnknown)
    {
        var cells = layout.CellOfUnknown;
        var coarseCell = new int[cells.Length];
        var occupied = new bool[h * w];
        for (int i = 0; i < cells.Length; i++)
        {
            coarseCell[i] = (cells[i] / layout.Width >> level) * w + (cells[i] % layout.Width >> level);
            occupied[coarseCell[i]] = true;
        }
        // Coarse unknowns are numbered in cell order, as the coarse GridLayout lists them.
        var number = new int[h * w];
        for (int c = 0, k = 0; c < number.Length; c++) number[c] = occupied[c] ? k++ : -1;
        coarseUnknown = coarseCell.Select(c => number[c]).ToArray();
        return occupied;
    }
}
