namespace Solvers.Linear.Tuning;

/// <summary>
/// Tsallis-INF-CB, the simple contextual baseline of Learning to Relax: the context interval [a, b] is cut into
/// equal bins and an independent <see cref="TsallisInf"/> runs in each; a context is assigned to the bin with the
/// nearest centre (contexts outside [a, b] go to the end bins).
/// </summary>
public sealed class TsallisInfCb : IOmegaPolicy
{
    private readonly TsallisInf[] _learners;
    private readonly double[] _centres;
    private PolicyTurn _turn;
    private int _bin = -1;

    /// <summary>A learner with <paramref name="bins"/> bins over [<paramref name="contextMin"/>, <paramref name="contextMax"/>].</summary>
    /// <exception cref="ArgumentException">bins &lt; 1, or the interval is empty or not finite.</exception>
    public TsallisInfCb(double contextMin, double contextMax, int bins = 5, OmegaGrid? grid = null, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        ContextRangeCheck.Validate(contextMin, contextMax);
        Grid = grid ?? OmegaGrid.Default;
        _learners = new TsallisInf[bins];
        _centres = new double[bins];
        for (int i = 0; i < bins; i++)
        {
            _learners[i] = new TsallisInf(Grid, unchecked(seed * 31 + i + 1));
            _centres[i] = contextMin + (contextMax - contextMin) * (i + 0.5) / bins;
        }
    }

    /// <summary>The arms.</summary>
    public OmegaGrid Grid { get; }

    /// <summary>Number of context bins.</summary>
    public int Bins => _learners.Length;

    /// <inheritdoc />
    public string Name => "tsallis-inf-cb";

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The query has no context.</exception>
    public double Choose(in OmegaQuery query)
    {
        double context = query.Context ?? throw new ArgumentException("Tsallis-INF-CB needs a context (a scalar per system).", nameof(query));
        _turn.BeginChoose(Name);
        int bin = 0;
        for (int i = 1; i < _centres.Length; i++)
            if (Math.Abs(_centres[i] - context) < Math.Abs(_centres[bin] - context)) bin = i;
        _bin = bin;
        return _learners[bin].Choose(query);
    }

    /// <inheritdoc />
    public void Observe(double cost)
    {
        _turn.BeginObserve(Name, cost);
        _learners[_bin].Observe(cost);
    }
}
