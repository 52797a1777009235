namespace Solvers.Cli.Commands;

/// <summary>
/// The parsed flags of <c>solvers sequence</c>, as a sequence runner receives them. Values are validated for range
/// but not for combination: a runner rejects what it does not support with an ArgumentException.
/// </summary>
/// <param name="Problem">shifted-laplacian, heat2d, darcy2d or helmholtz2d.</param>
/// <param name="Grid">--n: grid size (shifted-laplacian: interior points per side; heat2d: mesh intervals per side, the paper's nx).</param>
/// <param name="Count">--count: number of systems.</param>
/// <param name="Method">sor, ssor-pcg, gmres, gcrodr or skr.</param>
/// <param name="Omega">--omega as given: a number in (0, 2), young, bandit or contextual; null when not given.</param>
/// <param name="Precond">--precond: none, jacobi, sor or ilu0; null when not given.</param>
/// <param name="Tol">Relative tolerance.</param>
/// <param name="MaxIter">Iteration limit per system.</param>
/// <param name="Seed">Seed of the problem's randomness and of the policy's draws.</param>
/// <param name="Variant">--variant of darcy2d / helmholtz2d: standard or paper (the SKR paper's systems).</param>
/// <param name="Regret">--regret: also solve every system at every grid omega (sor / ssor-pcg only).</param>
internal sealed record SequenceRequest(string Problem, int Grid, int Count, string Method, string? Omega, string? Precond,
    double Tol, int MaxIter, int Seed, string Variant = "standard", bool Regret = false);
