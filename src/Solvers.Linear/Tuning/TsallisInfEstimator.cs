namespace Solvers.Linear.Tuning;

/// <summary>
/// How <see cref="TsallisInf"/> turns the one observed cost into loss estimates for all arms.
/// </summary>
/// <remarks>
/// The reduced-variance estimators are Zimmert and Seldin's (JMLR 2021, §3): with a baseline B_t fixed before the
/// round, arm i's estimate is 1[i played] (l - B_t,i) / p_i + B_t,i with B_t,i = B_t when p_i &gt;= eta_t^2 and 0
/// otherwise. Both parts are unbiased; the baseline only moves variance, and the cut-off keeps the negative estimates
/// of rarely played arms (l &lt; B, small p_i) bounded by -B / eta_t^2, which the FTRL stability bound needs. Their
/// baseline is B = 1/2 for losses in [0, 1]; our losses are SOR iteration counts normalised by the running scale
/// s = mean cost - 1 and have no fixed range, so each value below is one reading of "the middle of the losses".
/// Reduced-variance learners use eta_t = 4 / sqrt(t), the rate Zimmert and Seldin's Theorem 1 pairs with this
/// estimator (2 / sqrt(t) with importance weighting).
/// </remarks>
public enum TsallisInfEstimator
{
    /// <summary>Plain importance weighting, K_i += (l - 1) / p_i: Khodak et al.'s learner, and the default.</summary>
    ImportanceWeighted,

    /// <summary>
    /// Reduced variance with B = the mean cost observed so far (minus 1), i.e. B = 1 on the normalised scale: the mean of
    /// the normalised losses the learner has seen, so the estimate is centred on what a typical round costs.
    /// </summary>
    ReducedVarianceMeanCost,

    /// <summary>
    /// Reduced variance with B = the mean observed cost of the arm that currently has the highest probability (the
    /// running mean cost when that arm has not been played). The estimate's variance, sum_i (l_i - B)^2 (1 - p_i) / p_i,
    /// is dominated by the arms that carry the probability mass, so B near the leader's cost makes it smallest once
    /// the learner concentrates.
    /// </summary>
    ReducedVarianceLeaderCost,

    /// <summary>
    /// Reduced variance with B = half the observed range of the normalised losses, (max cost - 1) / 2: the literal
    /// transfer of B = 1/2 on [0, 1] after rescaling the losses by their largest value.
    /// </summary>
    ReducedVarianceHalfRange,
}
