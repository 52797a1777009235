namespace Solvers.Constrained.Problems;

/// <summary>A test problem with its published optimal objective value.</summary>
/// <param name="Problem">The problem (standard starting point included).</param>
/// <param name="OptimalObjective">f at the published solution.</param>
/// <param name="Source">Where the value comes from.</param>
public sealed record TestProblem(IConstrainedProblem Problem, double OptimalObjective, string Source);
