using Solvers.Linear.Solving;

namespace Solvers.Linear.Tuning;

/// <summary>One system of a sequence as an <see cref="OmegaSequenceSolver"/> solved it.</summary>
/// <param name="Index">Position in the sequence (0-based).</param>
/// <param name="Omega">The relaxation factor the policy chose.</param>
/// <param name="Context">The context the policy was shown, if any.</param>
/// <param name="Cost">The cost the policy observed (iterations).</param>
/// <param name="Result">The solver's result.</param>
/// <param name="Elapsed">Wall time of the step: choosing omega, preconditioner set-up, solve and the policy update.</param>
public sealed record SequenceStep(int Index, double Omega, double? Context, double Cost, SolveResult Result, TimeSpan Elapsed);
