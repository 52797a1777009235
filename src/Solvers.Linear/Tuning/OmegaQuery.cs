using Solvers.Linear.Storage;

namespace Solvers.Linear.Tuning;

/// <summary>What a policy may look at before a solve.</summary>
/// <param name="Index">Position of the system in the sequence (0-based).</param>
/// <param name="Matrix">The matrix about to be solved; null when a policy is replayed on recorded costs
/// (only <see cref="YoungPolicy"/> reads it).</param>
/// <param name="Context">A scalar describing the system (the diagonal shift, the diffusion coefficient), or null;
/// contextual policies need it.</param>
public readonly record struct OmegaQuery(int Index, CsrMatrix? Matrix, double? Context);
