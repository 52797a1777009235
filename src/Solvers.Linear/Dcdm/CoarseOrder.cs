namespace Solvers.Linear.Dcdm;

/// <summary>
/// How DCDM combines the proposals of one iteration when it has coarse levels (<see cref="DcdmOptions.CoarseLevels"/>):
/// from one residual, like additive multigrid, or one after the other, each from the residual left by the previous
/// proposal's line search, like multiplicative multigrid. Every proposal is A-orthogonalised and line-searched either
/// way; the orders differ only in which residual the network sees.
/// </summary>
public enum CoarseOrder
{
    /// <summary>Every level proposes from the residual at the start of the iteration (fine level first).</summary>
    Additive,

    /// <summary>Fine level first, then each coarser one, each from the residual after the previous step.</summary>
    FineToCoarse,

    /// <summary>Coarsest level first, down to the fine one, each from the residual after the previous step.</summary>
    CoarseToFine,

    /// <summary>
    /// A V-cycle: fine to coarsest, then back up to the fine level, each from the residual after the previous step.
    /// Every level but the coarsest proposes twice, so an iteration costs about twice the network time of the others.
    /// </summary>
    Symmetric,
}
