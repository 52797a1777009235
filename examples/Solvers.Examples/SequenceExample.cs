using Solvers.Linear.Generators.Sequences;
using Solvers.Linear.Krylov;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;
using Solvers.Linear.Tuning;

namespace Solvers.Examples;

/// <summary>
/// Sequences of related systems: Krylov recycling (one GCRO-DR carrying its recycle space from system to system, and
/// SKR, which first sorts the systems by similarity) against independent GMRES solves; then SOR whose relaxation
/// factor is learnt online by a contextual bandit (ChebCB).
/// </summary>
public static class SequenceExample
{
    /// <summary>Solver options of every Krylov solve in the example.</summary>
    public static SolverOptions KrylovOptions { get; } = new() { RelativeTolerance = 1e-8, RecordHistory = false };

    /// <summary>The systems, the three ways of solving them, and the SOR run.</summary>
    /// <param name="Systems">The Helmholtz systems, in generation order.</param>
    /// <param name="GmresResults">Independent GMRES(40) solves, per system.</param>
    /// <param name="Recycled">GCRO-DR(40, 20) in generation order, per system.</param>
    /// <param name="RecycledSolutions">The GCRO-DR solutions, per system.</param>
    /// <param name="Sorted">SKR: the same, after sorting by the systems' parameters.</param>
    /// <param name="Omega">The SOR sequence solver, with its record of omegas and costs.</param>
    /// <param name="FixedOmegaIterations">Total SOR iterations of the same sequence at omega = 1 (Gauss-Seidel).</param>
    /// <param name="LastSystem">The last SOR system and its solution.</param>
    public sealed record Result(
        IReadOnlyList<LinearSystemInstance> Systems, SolveResult[] GmresResults, SolveResult[] Recycled, double[][] RecycledSolutions, BatchSolveResult Sorted,
        OmegaSequenceSolver Omega, long FixedOmegaIterations, (CsrMatrix Matrix, double[] Rhs, double[] Solution) LastSystem)
        : ExampleResult("sequence");

    /// <summary>Runs the example, printing to <paramref name="log"/>.</summary>
    public static Result Run(TextWriter log)
    {
        // Indefinite Helmholtz systems with random wavenumber fields: hard for restarted GMRES, and related enough that
        // the harmonic Ritz vectors of one system deflate the next.
        var systems = Helmholtz2D.Sequence(n: 24, count: 8, seed: 1).ToList();
        var pairs = systems.Select(s => (s.Matrix, s.RightHandSide)).ToList();

        // One GcroDr instance per sequence: its recycle space survives from one Solve to the next.
        var recycler = new GcroDr(m: 40, k: 20);
        var gmres = new SolveResult[systems.Count];
        var recycled = new SolveResult[systems.Count];
        var recycledSolutions = new double[systems.Count][];
        for (int t = 0; t < systems.Count; t++)
        {
            var (a, b) = pairs[t];
            gmres[t] = Gmres.Solve(a, b, new double[a.RowCount], null, new GmresOptions(KrylovOptions) { Restart = 40 });
            recycledSolutions[t] = new double[a.RowCount];
            recycled[t] = recycler.Solve(a, b, recycledSolutions[t], preconditioner: null, KrylovOptions);
        }

        // SKR: the same recycling after a greedy nearest-neighbour ordering in parameter space (the random field's
        // coefficients), so that each system is solved right after a similar one. Results come back in batch order.
        var sorted = SortedRecycling.SolveAll(pairs, systems.Select(s => s.Parameters).ToList(), preconditioner: null, KrylovOptions, m: 40, k: 20);
        log.WriteLine($"  {systems.Count} Helmholtz systems, n = {systems[0].Matrix.RowCount}: total iterations GMRES(40) {gmres.Sum(r => r.Iterations)}, " +
                      $"GCRO-DR(40, 20) {recycled.Sum(r => r.Iterations)}, SKR {sorted.TotalIterations} (order {string.Join(" ", sorted.SolveOrder)})");

        // SOR with a learnt omega: ChebCB maps the context (the diagonal shift of each system) to an omega.
        var (omega, last) = SolveWithPolicy(new ShiftedLaplacianSequence(grid: 10, count: 200, seed: 1), s => new ChebCb(s.ContextRange.Min, s.ContextRange.Max));
        // The same 200 systems (same seed) at the fixed omega = 1 (Gauss-Seidel), for comparison.
        var (gaussSeidel, _) = SolveWithPolicy(new ShiftedLaplacianSequence(grid: 10, count: 200, seed: 1), _ => new FixedOmega(1.0));
        log.WriteLine($"  {omega.Record.Count} shifted Laplacians by SOR: {omega.Record.TotalIterations} iterations with ChebCB " +
                      $"(last omegas {string.Join(" ", omega.Record.Omegas()[^3..].Select(w => w.ToString("F2")))}), " +
                      $"{gaussSeidel.Record.TotalIterations} with omega = 1");

        return new Result(systems, gmres, recycled, recycledSolutions, sorted, omega, gaussSeidel.Record.TotalIterations, last);
    }

    private static (OmegaSequenceSolver Solver, (CsrMatrix, double[], double[]) Last) SolveWithPolicy(
        ISystemSequence sequence, Func<ISystemSequence, IOmegaPolicy> policy)
    {
        var solver = new OmegaSequenceSolver(policy(sequence), RelaxationMethod.Sor, new SolverOptions { RelativeTolerance = 1e-8 });
        SequenceInstance? system = null;
        for (int t = 0; t < sequence.Count; t++)
        {
            system = sequence.Next();
            var x = system.InitialGuess; // zero, or the previous solution for a time-stepping sequence
            solver.Solve(system.Matrix, system.RightHandSide, x, system.Context);
            sequence.Accept(x);
        }
        return (solver, (system!.Matrix, system.RightHandSide, system.InitialGuess));
    }
}
