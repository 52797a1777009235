namespace Solvers.Linear.Tuning;

/// <summary>
/// Tsallis-INF (Zimmert and Seldin, "Tsallis-INF: An Optimal Algorithm for Stochastic and Adversarial Bandits",
/// JMLR 2021): follow-the-regularised-leader with the 1/2-Tsallis entropy on importance-weighted losses, as
/// Khodak et al. use it to tune SOR's omega across a sequence of systems (Learning to Relax, ICLR 2024, §3).
/// Its regret against the best fixed omega of the grid grows as O(sqrt(d T)).
/// </summary>
/// <remarks>
/// Round t (1-based) uses eta_t = 2 / sqrt(t) and p_i = 4 / (eta_t (K_i / s - x))^2, with x the normaliser that makes
/// sum p_i = 1, found by Newton's method from x = min_i K_i / s - 2 / eta_t (where the sum is at least 1, so the
/// iteration decreases monotonically to the root). After the cost l_t of arm i is observed,
/// K_i += (l_t - 1) / p_i, and the scale s is the mean cost so far minus 1 (iteration counts are at least 1; the
/// offset is the paper's). If the probabilities are not valid numbers the round samples uniformly. That is the default
/// <see cref="TsallisInfEstimator.ImportanceWeighted"/>; the reduced-variance estimators of
/// <see cref="TsallisInfEstimator"/> replace the update (and double the default learning rate).
/// </remarks>
public sealed class TsallisInf : IOmegaPolicy
{
    private readonly Random _random;
    private readonly double[] _weightedLoss;
    private readonly double[] _probabilities;
    private readonly double[] _armCostSum;
    private readonly int[] _armPlays;
    private readonly double _rate;
    private PolicyTurn _turn;
    private double _costSum;
    private double _maxCost;
    private double _eta;
    private double _scale = 1;
    private int _arm = -1;

    /// <summary>
    /// A learner over <paramref name="grid"/> (default <see cref="OmegaGrid.Default"/>) whose draws come from
    /// <paramref name="seed"/>, updating with <paramref name="estimator"/> and learning rate eta_t =
    /// <paramref name="learningRate"/> / sqrt(t) (default 2 for importance weighting, 4 for the reduced-variance
    /// estimators, Zimmert and Seldin's pairing).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The estimator is unknown or the learning rate is not positive and finite.</exception>
    public TsallisInf(OmegaGrid? grid = null, int seed = 0, TsallisInfEstimator estimator = TsallisInfEstimator.ImportanceWeighted, double? learningRate = null)
    {
        if (!Enum.IsDefined(estimator)) throw new ArgumentOutOfRangeException(nameof(estimator), estimator, "Unknown estimator.");
        double rate = learningRate ?? (estimator == TsallisInfEstimator.ImportanceWeighted ? 2 : 4);
        if (!(rate > 0) || !double.IsFinite(rate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
        Grid = grid ?? OmegaGrid.Default;
        Estimator = estimator;
        _rate = rate;
        _random = new Random(seed);
        _weightedLoss = new double[Grid.Count];
        _probabilities = new double[Grid.Count];
        _armCostSum = new double[Grid.Count];
        _armPlays = new int[Grid.Count];
    }

    /// <summary>How observed costs become loss estimates.</summary>
    public TsallisInfEstimator Estimator { get; }

    /// <summary>The arms.</summary>
    public OmegaGrid Grid { get; }

    /// <summary>Rounds observed so far.</summary>
    public int Rounds { get; private set; }

    /// <summary>The distribution the last <see cref="Choose"/> sampled from.</summary>
    public ReadOnlySpan<double> Probabilities => _probabilities;

    /// <summary>The arm (grid index) the last <see cref="Choose"/> picked.</summary>
    public int LastArm => _arm;

    /// <inheritdoc />
    public string Name => Estimator switch
    {
        TsallisInfEstimator.ReducedVarianceMeanCost => "tsallis-inf-rv-mean",
        TsallisInfEstimator.ReducedVarianceLeaderCost => "tsallis-inf-rv-leader",
        TsallisInfEstimator.ReducedVarianceHalfRange => "tsallis-inf-rv-half-range",
        _ => "tsallis-inf",
    };

    /// <inheritdoc />
    public double Choose(in OmegaQuery query)
    {
        _turn.BeginChoose(Name);
        ComputeProbabilities();
        _arm = ArmSampler.Draw(_random, _probabilities);
        return Grid[_arm];
    }

    /// <inheritdoc />
    public void Observe(double cost)
    {
        _turn.BeginObserve(Name, cost);
        if (Estimator == TsallisInfEstimator.ImportanceWeighted)
            _weightedLoss[_arm] += (cost - 1) / _probabilities[_arm];
        else
        {
            // B must not depend on this round's cost, or the estimate is biased: it is taken before the statistics move.
            // K holds unnormalised losses (divided by s when p is computed), so B is in the same units, cost - 1.
            double baseline = Baseline();
            double cutoff = _eta * _eta;
            for (int i = 0; i < _weightedLoss.Length; i++)
                if (_probabilities[i] >= cutoff) _weightedLoss[i] += baseline;
            double own = _probabilities[_arm] >= cutoff ? baseline : 0;
            _weightedLoss[_arm] += (cost - 1 - own) / _probabilities[_arm];
        }
        Rounds++;
        _costSum += cost;
        _maxCost = Math.Max(_maxCost, cost);
        _armCostSum[_arm] += cost;
        _armPlays[_arm]++;
    }

    /// <summary>The reduced-variance baseline B_t on the unnormalised scale (cost - 1); 0 before any cost is seen.</summary>
    private double Baseline()
    {
        if (Rounds == 0) return 0;
        switch (Estimator)
        {
            case TsallisInfEstimator.ReducedVarianceMeanCost:
                return _scale;
            case TsallisInfEstimator.ReducedVarianceLeaderCost:
                int leader = 0;
                for (int i = 1; i < _probabilities.Length; i++)
                    if (_probabilities[i] > _probabilities[leader]) leader = i;
                return _armPlays[leader] > 0 ? _armCostSum[leader] / _armPlays[leader] - 1 : _scale;
            case TsallisInfEstimator.ReducedVarianceHalfRange:
                return (_maxCost - 1) / 2;
            default:
                return 0;
        }
    }

    private void ComputeProbabilities()
    {
        int d = Grid.Count;
        double eta = _rate / Math.Sqrt(Rounds + 1);
        double scale = Rounds == 0 ? 1 : _costSum / Rounds - 1;
        if (!(scale > 0) || !double.IsFinite(scale)) scale = 1;
        _eta = eta;
        _scale = scale;
        double lowest = double.PositiveInfinity;
        foreach (double k in _weightedLoss) lowest = Math.Min(lowest, k / scale);
        double x = lowest - 2 / eta;
        bool valid = double.IsFinite(x);
        for (int iteration = 0; valid && iteration < 60; iteration++)
        {
            double sum = 0, derivative = 0;
            for (int i = 0; i < d; i++)
            {
                double gap = eta * (_weightedLoss[i] / scale - x);
                double p = 4 / (gap * gap);
                _probabilities[i] = p;
                sum += p;
                derivative += p * Math.Sqrt(p);
            }
            if (!double.IsFinite(sum) || !(derivative > 0)) { valid = false; break; }
            if (Math.Abs(sum - 1) <= 1e-13) break;
            x -= (sum - 1) / (eta * derivative);
        }
        double total = 0;
        foreach (double p in _probabilities) total += p;
        if (!valid || !(total > 0) || !double.IsFinite(total))
        {
            Array.Fill(_probabilities, 1.0 / d);
            return;
        }
        for (int i = 0; i < d; i++) _probabilities[i] /= total;
    }
}
