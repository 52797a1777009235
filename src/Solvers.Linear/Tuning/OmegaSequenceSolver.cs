using System.Diagnostics;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tuning;

/// <summary>
/// Solves a sequence of systems A_t x = b_t that arrive one at a time, letting an <see cref="IOmegaPolicy"/> pick
/// the relaxation factor before each solve and showing it the cost (iterations) afterwards: the online setting of
/// Khodak et al., Learning to Relax (ICLR 2024). <see cref="Record"/> keeps every step's omega, cost and time.
/// </summary>
/// <remarks>
/// The input checks of <see cref="SolverOptions.CheckInput"/> (CG: symmetric, positive diagonal) run on the first
/// system only: the systems of a sequence share their structure, and the check costs as much as a few iterations.
/// </remarks>
public sealed class OmegaSequenceSolver
{
    private readonly SolverOptions _options;
    private readonly SolverOptions _laterOptions;

    /// <summary>A sequence solver using <paramref name="method"/> with the omega <paramref name="policy"/> chooses.</summary>
    /// <param name="policy">Chooses omega and learns from the costs.</param>
    /// <param name="method">SOR, SSOR or SSOR-preconditioned CG.</param>
    /// <param name="options">Tolerances and limits of every solve; <see cref="SolverOptions.Default"/> when null.</param>
    public OmegaSequenceSolver(IOmegaPolicy policy, RelaxationMethod method, SolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!Enum.IsDefined(method)) throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown relaxation method.");
        Policy = policy;
        Method = method;
        _options = options ?? SolverOptions.Default;
        _options.Validate();
        _laterOptions = _options with { CheckInput = false };
    }

    /// <summary>The omega policy.</summary>
    public IOmegaPolicy Policy { get; }

    /// <summary>The solver whose omega is tuned.</summary>
    public RelaxationMethod Method { get; }

    /// <summary>The steps so far.</summary>
    public SequenceRecord Record { get; } = new();

    /// <summary>
    /// Solves the next system. <paramref name="x"/> holds the initial guess on entry (zero, or the previous
    /// solution for a warm start) and the solution on return.
    /// </summary>
    /// <param name="a">The matrix (SPD for SSOR-PCG).</param>
    /// <param name="b">Right-hand side.</param>
    /// <param name="x">Initial guess in, solution out.</param>
    /// <param name="context">The system's scalar context, for contextual policies.</param>
    /// <exception cref="ArgumentException">Dimensions disagree, the policy needs a context and none was given, or the
    /// matrix does not suit the method (zero diagonal; for SSOR-PCG on the first system, not symmetric). After an
    /// exception the policy still waits for an observation, so the solver cannot be reused.</exception>
    public SequenceStep Solve(CsrMatrix a, ReadOnlySpan<double> b, Span<double> x, double? context = null)
    {
        InputChecks.SquareSystem(a, b, x);
        var clock = Stopwatch.StartNew();
        int index = Record.Count;
        double omega = Policy.Choose(new OmegaQuery(index, a, context));
        var options = index == 0 ? _options : _laterOptions;
        var result = RelaxationCosts.Solve(Method, a, b, x, omega, options);
        double cost = result.Iterations;
        Policy.Observe(cost);
        var step = new SequenceStep(index, omega, context, cost, result, clock.Elapsed);
        Record.Add(step);
        return step;
    }
}
