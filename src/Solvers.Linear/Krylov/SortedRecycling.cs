using System.Diagnostics;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Krylov;

/// <summary>The outcome of <see cref="SortedRecycling.SolveAll"/>, everything in the caller's original order.</summary>
public sealed record BatchSolveResult
{
    /// <summary>Solution of system i at index i.</summary>
    public required IReadOnlyList<double[]> Solutions { get; init; }

    /// <summary>Result of system i at index i.</summary>
    public required IReadOnlyList<SolveResult> Results { get; init; }

    /// <summary>Seconds spent on system i (preconditioner set-up plus solve) at index i.</summary>
    public required IReadOnlyList<double> Seconds { get; init; }

    /// <summary>Products with A M^-1 spent on system i (Arnoldi steps, recycle-space rebuilds, residual checks).</summary>
    public required IReadOnlyList<int> OperatorApplications { get; init; }

    /// <summary>The order the systems were solved in (indices into the original batch).</summary>
    public required IReadOnlyList<int> SolveOrder { get; init; }

    /// <summary>Sum of iterations over all systems.</summary>
    public int TotalIterations => Results.Sum(r => r.Iterations);

    /// <summary>True when every system converged.</summary>
    public bool AllConverged => Results.All(r => r.Converged);
}

/// <summary>
/// SKR (Sorting Krylov Recycling; Wang et al., "Accelerating Data Generation for Neural Operators via Krylov
/// Subspace Recycling", ICLR 2024): order a batch of related systems so that neighbours are similar, then solve them in
/// that order with one <see cref="GcroDr"/> whose recycle space carries from each system to the next.
/// </summary>
public static class SortedRecycling
{
    /// <summary>Solves every system of the batch; results come back in the original order.</summary>
    /// <param name="systems">The matrices and right-hand sides.</param>
    /// <param name="parameters">One parameter vector per system for the ordering; null solves in the given order.</param>
    /// <param name="preconditioner">Builds each system's right preconditioner (null for none).</param>
    /// <param name="options">Tolerances and limits for every solve; once its token is cancelled, the remaining systems return <see cref="SolveStatus.Cancelled"/> at once.</param>
    /// <param name="m">GCRO-DR cycle length (default 40).</param>
    /// <param name="k">GCRO-DR recycle dimension (default 20).</param>
    /// <param name="onSolved">Optional callback after each system (original index, result), e.g. for progress.</param>
    public static BatchSolveResult SolveAll(IReadOnlyList<(CsrMatrix Matrix, double[] RightHandSide)> systems,
        IReadOnlyList<double[]>? parameters, Func<CsrMatrix, IPreconditioner?>? preconditioner = null,
        SolverOptions? options = null, int m = 40, int k = 20, Action<int, SolveResult>? onSolved = null)
    {
        ArgumentNullException.ThrowIfNull(systems);
        if (parameters is not null && parameters.Count != systems.Count)
            throw new ArgumentException($"Got {parameters.Count} parameter vectors for {systems.Count} systems.", nameof(parameters));
        int[] order = parameters is null ? Enumerable.Range(0, systems.Count).ToArray() : SystemOrdering.GreedyNearestNeighbour(parameters);
        var solver = new GcroDr(m, k);
        var solutions = new double[systems.Count][];
        var results = new SolveResult[systems.Count];
        var seconds = new double[systems.Count];
        var applications = new int[systems.Count];
        foreach (int index in order)
        {
            var (a, b) = systems[index];
            var clock = Stopwatch.StartNew();
            var x = new double[a.ColumnCount];
            var result = solver.Solve(a, b, x, preconditioner?.Invoke(a), options);
            seconds[index] = clock.Elapsed.TotalSeconds;
            solutions[index] = x;
            results[index] = result;
            applications[index] = solver.LastOperatorApplications;
            onSolved?.Invoke(index, result);
        }
        return new BatchSolveResult
        {
            Solutions = solutions, Results = results, Seconds = seconds, OperatorApplications = applications, SolveOrder = order,
        };
    }
}
