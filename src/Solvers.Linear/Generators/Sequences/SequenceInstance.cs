using Solvers.Linear.Storage;

namespace Solvers.Linear.Generators.Sequences;

/// <summary>One system A x = b of a sequence.</summary>
/// <param name="Index">Position in the sequence (0-based).</param>
/// <param name="Matrix">A.</param>
/// <param name="RightHandSide">b.</param>
/// <param name="InitialGuess">The starting point the sequence suggests: zero, or the previous solution (warm start).</param>
/// <param name="Context">The scalar that parametrises A (a diagonal shift, a diffusion coefficient), for contextual tuning.</param>
public sealed record SequenceInstance(int Index, CsrMatrix Matrix, double[] RightHandSide, double[] InitialGuess, double Context);
