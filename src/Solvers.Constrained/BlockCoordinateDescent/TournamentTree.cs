namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>
/// A tournament (winner) tree over scores s_0..s_{n-1}: the root holds the index of the largest score, ties to the lower
/// index, so it ranks exactly as a left-to-right scan that keeps the first maximum. Changing one score costs O(log n),
/// reading the maximum O(1), and the t largest come out in O(t log n). Used by the greedy rules of
/// <see cref="BcdSolver"/> when a coordinate update changes only a few partial derivatives.
/// </summary>
internal sealed class TournamentTree
{
    private readonly int _count;
    private readonly int _leaves;
    private readonly int[] _winner;
    private readonly double[] _score;
    private readonly bool[] _removed;

    public TournamentTree(int count)
    {
        _count = count;
        _leaves = 1;
        while (_leaves < Math.Max(count, 1)) _leaves <<= 1;
        _winner = new int[2 * _leaves];
        _score = new double[count];
        _removed = new bool[count];
        for (int i = 0; i < _leaves; i++) _winner[_leaves + i] = i < count ? i : -1;
        for (int node = _leaves - 1; node >= 1; node--) _winner[node] = Better(_winner[2 * node], _winner[2 * node + 1]);
    }

    public int Count => _count;

    /// <summary>Index of the largest score (lowest index among equal ones); -1 when empty.</summary>
    public int Top => _winner[1];

    /// <summary>The largest score.</summary>
    public double TopScore => _winner[1] >= 0 ? _score[_winner[1]] : double.NegativeInfinity;

    public double this[int i] => _score[i];

    /// <summary>Sets every score and rebuilds the tree in O(n).</summary>
    public void Build(ReadOnlySpan<double> scores)
    {
        scores.CopyTo(_score);
        for (int node = _leaves - 1; node >= 1; node--) _winner[node] = Better(_winner[2 * node], _winner[2 * node + 1]);
    }

    /// <summary>Sets score i and replays the matches on its path to the root.</summary>
    public void Update(int i, double score)
    {
        _score[i] = score;
        Replay(i);
    }

    /// <summary>Writes the indices of the <paramref name="best"/>.Length largest scores, largest first.</summary>
    public void Largest(Span<int> best)
    {
        for (int p = 0; p < best.Length; p++)
        {
            int w = _winner[1];
            best[p] = w;
            if (w < 0) break;
            _removed[w] = true;
            Replay(w);
        }
        foreach (int w in best)
        {
            if (w < 0) break;
            _removed[w] = false;
            Replay(w);
        }
    }

    private void Replay(int i)
    {
        for (int node = (_leaves + i) >> 1; node >= 1; node >>= 1) _winner[node] = Better(_winner[2 * node], _winner[2 * node + 1]);
    }

    private int Better(int a, int b)
    {
        if (a < 0 || _removed[a]) return b < 0 || _removed[b] ? -1 : b;
        if (b < 0 || _removed[b]) return a;
        double sa = _score[a], sb = _score[b];
        if (sa > sb) return a;
        if (sb > sa) return b;
        return Math.Min(a, b);
    }
}
