using System.Diagnostics;
using System.Globalization;
using Solvers.Cli.Input;
using Solvers.Linear.Generators.Sequences;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Cli.Commands;

/// <summary>
/// <c>solvers sequence --method gmres|gcrodr|skr</c>: independent GMRES(40) solves, one GCRO-DR(40, 20) carrying its
/// recycle space through the sequence in the given order, or SKR (sorted by parameter similarity, then GCRO-DR).
/// Right preconditioners none, jacobi, sor or ilu0, rebuilt for each system.
/// </summary>
internal static class KrylovSequenceRunner
{
    public const int CycleLength = 40;
    public const int RecycleDimension = 20;

    public static void Run(SequenceRequest request, Action<SequenceEntry> onSystem, CancellationToken token)
    {
        var kind = Preconditioner.Parse(request.Precond ?? "none");
        if (kind is PreconditionerKind.Ssor or PreconditionerKind.Ic0)
            throw new ArgumentException($"--precond {request.Precond} is not offered for {request.Method}; use none, jacobi, sor or ilu0.");
        double omega = request.Omega is null ? 1.0 : double.Parse(request.Omega, NumberStyles.Float, CultureInfo.InvariantCulture);
        var sequence = SequenceProblems.TryCreate(request.Problem, request.Grid, request.Count, request.Seed, request.Variant)
            ?? throw new ArgumentException($"Unknown problem '{request.Problem}'.");
        var options = new SolverOptions
        {
            RelativeTolerance = request.Tol,
            MaxIterations = request.MaxIter,
            RecordHistory = false,
            CancellationToken = token,
        };
        IPreconditioner? Build(CsrMatrix a) => kind == PreconditionerKind.None ? null : Preconditioner.Create(kind, a, omega);

        if (request.Method == "skr")
        {
            RunSorted(sequence, Build, options, onSystem);
            return;
        }
        var recycler = request.Method == "gcrodr" ? new GcroDr(CycleLength, RecycleDimension) : null;
        for (int t = 0; t < sequence.Count && !token.IsCancellationRequested; t++)
        {
            var system = sequence.Next();
            var clock = Stopwatch.StartNew();
            var x = (double[])system.InitialGuess.Clone();
            var m = Build(system.Matrix);
            var result = recycler is null
                ? Gmres.Solve(system.Matrix, system.RightHandSide, x, m, new GmresOptions(options) { Restart = CycleLength })
                : recycler.Solve(system.Matrix, system.RightHandSide, x, m, options);
            sequence.Accept(x);
            onSystem(Entry(system.Index, result, clock.Elapsed.TotalSeconds, system.Context));
        }
    }

    /// <summary>SKR: needs independent systems (a time-stepping sequence must be solved in order).</summary>
    private static void RunSorted(ISystemSequence sequence, Func<CsrMatrix, IPreconditioner?> build, SolverOptions options, Action<SequenceEntry> onSystem)
    {
        List<LinearSystemInstance> systems;
        if (sequence is IndependentSystems independent) systems = independent.Systems.ToList();
        else if (sequence.Name == "shifted-laplacian")
        {
            systems = new List<LinearSystemInstance>(sequence.Count);
            for (int t = 0; t < sequence.Count; t++)
            {
                var s = sequence.Next();
                sequence.Accept(s.InitialGuess);
                systems.Add(new LinearSystemInstance(s.Matrix, s.RightHandSide, [s.Context], s.Context));
            }
        }
        else throw new ArgumentException($"skr reorders the systems, but {sequence.Name} is a time-stepping sequence whose systems depend on the previous solution; use gcrodr.");

        SortedRecycling.SolveAll(systems.Select(s => (s.Matrix, s.RightHandSide)).ToList(), systems.Select(s => s.Parameters).ToList(),
            build, options, CycleLength, RecycleDimension,
            onSolved: (index, result) => onSystem(Entry(index, result, result.Elapsed.TotalSeconds, systems[index].Context)));
    }

    private static SequenceEntry Entry(int index, SolveResult result, double seconds, double context) => new()
    {
        Index = index,
        Iterations = result.Iterations,
        Seconds = seconds,
        Context = context,
        Converged = result.Converged,
    };
}
