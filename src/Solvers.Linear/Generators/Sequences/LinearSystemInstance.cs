using Solvers.Linear.Storage;

namespace Solvers.Linear.Generators.Sequences;

/// <summary>One member of a sequence of linear systems A x = b with the parameters it was generated from.</summary>
/// <param name="Matrix">A.</param>
/// <param name="RightHandSide">b.</param>
/// <param name="Parameters">The parameter vector (for sorting by similarity, as SKR does).</param>
/// <param name="Context">A scalar summary of the parameters (for contextual tuning), e.g. a mean coefficient.</param>
public sealed record LinearSystemInstance(CsrMatrix Matrix, double[] RightHandSide, double[] Parameters, double Context);
