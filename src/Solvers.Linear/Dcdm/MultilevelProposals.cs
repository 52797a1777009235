using Solvers.Linear.Dcdm.Network;
using Solvers.Linear.Kernels;

namespace Solvers.Linear.Dcdm;

/// <summary>
/// The search directions DCDM proposes in one iteration: the network applied to the residual on the problem's grid
/// and, with coarse levels, the same network applied to the residual summed onto grids coarsened 2x, 4x, ... and
/// spread back piecewise constant. A network trained on one grid size only sees a fixed neighbourhood; on a grid
/// coarsened to about that size it sees the whole domain again, so the coarse proposals carry the smooth error that
/// the fine one cannot reach. Not in the paper; level 0 alone is the paper's method.
/// </summary>
internal sealed class MultilevelProposals
{
    private readonly NetworkDirection[] _directions;
    private readonly int[][] _coarseOf;
    private readonly double[][] _coarseResidual, _coarseDirection;

    public MultilevelProposals(PressureNetwork network, GridLayout layout, int coarseLevels, int threads)
    {
        var directions = new List<NetworkDirection> { new(network, layout, threads) };
        var coarseOf = new List<int[]> { Array.Empty<int>() };
        for (int level = 1; level <= coarseLevels; level++)
        {
            int h = (layout.Height + (1 << level) - 1) >> level, w = (layout.Width + (1 << level) - 1) >> level;
            if (h < 2 || w < 2) break;
            var (coarse, map) = Coarsen(layout, level, h, w);
            directions.Add(new NetworkDirection(network, coarse, threads));
            coarseOf.Add(map);
        }
        _directions = directions.ToArray();
        _coarseOf = coarseOf.ToArray();
        _coarseResidual = _directions.Select(d => new double[d.UnknownCount]).ToArray();
        _coarseDirection = _directions.Select(d => new double[d.UnknownCount]).ToArray();
    }

    /// <summary>Proposals per iteration: 1 + the coarse levels that fit the grid.</summary>
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
        for (int i = 0; i < map.Length; i++) q[i] = qc[map[i]];
    }

    /// <summary>The grid of cells 2^level x 2^level that hold at least one unknown, and each unknown's coarse cell.</summary>
    private static (GridLayout Coarse, int[] Map) Coarsen(GridLayout layout, int level, int h, int w)
    {
        var cells = layout.CellOfUnknown;
        var coarseCell = new int[cells.Length];
        for (int i = 0; i < cells.Length; i++)
            coarseCell[i] = (cells[i] / layout.Width >> level) * w + (cells[i] % layout.Width >> level);
        var occupied = coarseCell.Distinct().Order().ToArray();
        var index = new Dictionary<int, int>(occupied.Length);
        for (int k = 0; k < occupied.Length; k++) index[occupied[k]] = k;
        return (new GridLayout(h, w, occupied), coarseCell.Select(c => index[c]).ToArray());
    }
}
