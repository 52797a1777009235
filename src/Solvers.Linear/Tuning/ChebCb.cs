namespace Solvers.Linear.Tuning;

/// <summary>
/// ChebCB, the contextual bandit of Khodak et al. (Learning to Relax, ICLR 2024, §4): each arm (grid omega)
/// regresses its normalised cost on Chebyshev features of a scalar context c in [a, b] (the diagonal shift, the
/// diffusion coefficient), and arms are drawn by inverse-gap weighting on the predictions (SquareCB, Foster and
/// Rakhlin 2020). It competes with the instance-optimal omega when the cost is smooth in c.
/// </summary>
/// <remarks>
/// Features T_0 .. T_(m-1) of z = 2 (c - a) / (b - a) - 1 (m = 6 by default; contexts outside [a, b] are clamped).
/// After round t, with K = max cost, Lip = (max cost - min cost) / (b - a), N = 2 + 4 (b - a) Lip / K (1 + ln m):
/// every arm with data is refitted when K N changed, otherwise only the arm played, to targets (l - 1) / (K N)
/// within |theta_0| &lt;= 1 / N and |theta_j| &lt;= 2 (b - a) Lip / (K N j).
/// Choosing: predictions y_a = theta_a . phi(c), best arm a* = argmin; p_a = 1 / (d + eta (y_a - y_a*)) for
/// a != a*, a* takes the rest. eta_t = 2 t sqrt(d t / (R_t - S_t + 2 alpha^2 t)), with R_t the squared error of the
/// predictions made so far (against the current normalisation), S_t the summed residual of the current fits
/// (so R_t - S_t estimates the regression regret; clamped at 0), and
/// alpha = (pi + (2 / pi) ln(2m + 1)) (b - a) Lip / (2 K N (m + 1)). Before any data every prediction is 0 and the
/// draw is uniform.
/// </remarks>
public sealed class ChebCb : IOmegaPolicy
{
    private readonly Random _random;
    private readonly ArmRegression[] _arms;
    private readonly double[] _features;
    private readonly double[] _predictions;
    private readonly double[] _probabilities;
    private readonly double[] _bounds;
    private PolicyTurn _turn;
    private int _arm = -1;
    private double _eta;
    private double _scale;
    private double _costMax = double.NegativeInfinity, _costMin = double.PositiveInfinity;
    private double _predictedSquares, _predictedTimesCost, _costSquares;

    /// <summary>A learner for contexts in [<paramref name="contextMin"/>, <paramref name="contextMax"/>].</summary>
    /// <param name="contextMin">Lower end a of the context interval.</param>
    /// <param name="contextMax">Upper end b of the context interval.</param>
    /// <param name="features">Number m of Chebyshev features T_0 .. T_(m-1) (default 6, the paper's).</param>
    /// <param name="grid">The arms; <see cref="OmegaGrid.Default"/> when null.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <exception cref="ArgumentException">The interval is empty or not finite, or features &lt; 1.</exception>
    public ChebCb(double contextMin, double contextMax, int features = 6, OmegaGrid? grid = null, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ContextRangeCheck.Validate(contextMin, contextMax);
        ContextMin = contextMin;
        ContextMax = contextMax;
        Grid = grid ?? OmegaGrid.Default;
        _random = new Random(seed);
        _arms = new ArmRegression[Grid.Count];
        for (int i = 0; i < _arms.Length; i++) _arms[i] = new ArmRegression(features);
        _features = new double[features];
        _predictions = new double[Grid.Count];
        _probabilities = new double[Grid.Count];
        _bounds = new double[features];
    }

    /// <summary>The arms.</summary>
    public OmegaGrid Grid { get; }

    /// <summary>Lower end of the context interval.</summary>
    public double ContextMin { get; }

    /// <summary>Upper end of the context interval.</summary>
    public double ContextMax { get; }

    /// <summary>Rounds observed so far.</summary>
    public int Rounds { get; private set; }

    /// <summary>The exploitation rate eta after the last observation.</summary>
    public double Eta => _eta;

    /// <summary>The distribution the last <see cref="Choose"/> sampled from.</summary>
    public ReadOnlySpan<double> Probabilities => _probabilities;

    /// <inheritdoc />
    public string Name => "chebcb";

    /// <summary>Predicted cost (iterations) of arm <paramref name="arm"/> at <paramref name="context"/> under the current fit.</summary>
    public double PredictCost(int arm, double context)
    {
        Span<double> phi = stackalloc double[_features.Length];
        ChebyshevFeatures.Evaluate(context, ContextMin, ContextMax, phi);
        return 1 + (_scale > 0 ? _scale : 0) * _arms[arm].Predict(phi);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The query has no context.</exception>
    public double Choose(in OmegaQuery query)
    {
        double context = query.Context ?? throw new ArgumentException("ChebCB needs a context (a scalar per system).", nameof(query));
        _turn.BeginChoose(Name);
        ChebyshevFeatures.Evaluate(context, ContextMin, ContextMax, _features);
        int d = Grid.Count, best = 0;
        for (int a = 0; a < d; a++)
        {
            _predictions[a] = _arms[a].Predict(_features);
            if (_predictions[a] < _predictions[best]) best = a;
        }
        double others = 0;
        for (int a = 0; a < d; a++)
        {
            if (a == best) continue;
            double gap = _predictions[a] - _predictions[best];
            double weight = gap > 0 ? _eta * gap : 0;
            _probabilities[a] = 1 / (d + weight);
            others += _probabilities[a];
        }
        _probabilities[best] = Math.Max(1 - others, 0);
        _arm = ArmSampler.Draw(_random, _probabilities);
        return Grid[_arm];
    }

    /// <inheritdoc />
    public void Observe(double cost)
    {
        _turn.BeginObserve(Name, cost);
        Rounds++;
        int t = Rounds, d = Grid.Count, m = _features.Length;
        double predicted = _predictions[_arm];
        _predictedSquares += predicted * predicted;
        _predictedTimesCost += predicted * (cost - 1);
        _costSquares += (cost - 1) * (cost - 1);
        _costMax = Math.Max(_costMax, cost);
        _costMin = Math.Min(_costMin, cost);
        _arms[_arm].Add(_features, cost - 1);

        double width = ContextMax - ContextMin;
        double k = Math.Max(_costMax, 1e-300);
        double lipschitz = (_costMax - _costMin) / width;
        double n = 2 + 4 * width * lipschitz / k * (1 + Math.Log(m));
        double scale = k * n;
        bool rescaled = scale != _scale;
        _scale = scale;
        _bounds[0] = 1 / n;
        for (int j = 1; j < m; j++) _bounds[j] = 2 * width * lipschitz / (scale * j);

        double residual = 0;
        for (int a = 0; a < d; a++)
        {
            if (rescaled || a == _arm) _arms[a].Fit(scale, _bounds);
            residual += _arms[a].Residual;
        }

        double alpha = (Math.PI + 2 / Math.PI * Math.Log(2 * m + 1)) * width * lipschitz / (2 * scale * (m + 1));
        double predictionError = _predictedSquares - 2 * _predictedTimesCost / scale + _costSquares / (scale * scale);
        double denominator = Math.Max(predictionError - residual, 0) + 2 * alpha * alpha * t;
        _eta = denominator > 0 ? 2.0 * t * Math.Sqrt(d * (double)t / denominator) : double.PositiveInfinity;
    }
}
