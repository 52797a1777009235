using System.Globalization;
using Solvers.Cli.Input;
using Solvers.Linear.Generators.Sequences;
using Solvers.Linear.Solving;
using Solvers.Linear.Tuning;

namespace Solvers.Cli.Commands;

/// <summary>
/// The <see cref="SequenceRunner"/> for --method sor and ssor-pcg: an <see cref="OmegaSequenceSolver"/> whose omega
/// comes from --omega (a number: fixed; young: Young's omega per system; bandit: Tsallis-INF; contextual: ChebCB
/// on the problem's context, the shift or kappa).
/// </summary>
internal static class RelaxationSequenceRunner
{
    public const string DefaultOmega = "bandit";

    public static void Run(SequenceRequest request, Action<SequenceEntry> onSystem, CancellationToken token)
    {
        var method = request.Method switch
        {
            "sor" => RelaxationMethod.Sor,
            "ssor-pcg" => RelaxationMethod.SsorPcg,
            _ => throw new ArgumentException($"--method {request.Method} is not a relaxation method."),
        };
        string implied = method == RelaxationMethod.Sor ? "none" : "sor";
        if (request.Precond is not null && request.Precond != implied)
            throw new ArgumentException(method == RelaxationMethod.Sor
                ? $"--precond {request.Precond} does not apply to --method sor (SOR is a stationary iteration; omit --precond or give none)."
                : $"--precond {request.Precond} does not apply to --method ssor-pcg (it is CG preconditioned by SSOR(omega); omit --precond or give sor).");
        var sequence = SequenceProblems.TryCreate(request.Problem, request.Grid, request.Count, request.Seed, request.Variant)
            ?? throw new ArgumentException($"--problem {request.Problem} is not yet available in this build.");
        var policy = CreatePolicy(request.Omega ?? DefaultOmega, sequence, request.Seed);
        var options = new SolverOptions
        {
            RelativeTolerance = request.Tol,
            MaxIterations = request.MaxIter,
            RecordHistory = false,
            CancellationToken = token,
        };
        var solver = new OmegaSequenceSolver(policy, method, options);
        for (int t = 0; t < sequence.Count && !token.IsCancellationRequested; t++)
        {
            var system = sequence.Next();
            var x = system.InitialGuess;
            // Full information for the regret: every grid omega on this system, from the policy's initial guess.
            double[]? gridCosts = request.Regret
                ? RelaxationCosts.OnGrid(method, system.Matrix, system.RightHandSide, x, OmegaGrid.Default, options)
                : null;
            var step = solver.Solve(system.Matrix, system.RightHandSide, x, system.Context);
            sequence.Accept(x);
            onSystem(new SequenceEntry
            {
                Index = step.Index,
                Iterations = step.Result.Iterations,
                Omega = step.Omega,
                Seconds = step.Elapsed.TotalSeconds,
                Context = system.Context,
                Converged = step.Result.Converged,
                GridIterations = gridCosts,
            });
        }
    }

    /// <summary>The policy named by --omega.</summary>
    public static IOmegaPolicy CreatePolicy(string omega, ISystemSequence sequence, int seed)
    {
        switch (omega)
        {
            case "young":
                return new YoungPolicy();
            case "bandit":
                return new TsallisInf(OmegaGrid.Default, seed);
            case "contextual":
                var (low, high) = sequence.ContextRange;
                if (!(high - low > 1e-12 * Math.Max(1, Math.Abs(high))))
                {
                    // One context value (e.g. a single system): any interval around it will do.
                    double pad = Math.Max(0.5 * Math.Abs(high), 1e-3);
                    (low, high) = (low - pad, high + pad);
                }
                return new ChebCb(low, high, 6, OmegaGrid.Default, seed);
        }
        if (double.TryParse(omega, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            if (!(value > 0 && value < 2)) throw new ArgumentException($"--omega {omega}: a fixed relaxation factor must lie in (0, 2).");
            return new FixedOmega(value);
        }
        throw new ArgumentException($"--omega {omega}: expected a number in (0, 2), young, bandit or contextual.");
    }
}
