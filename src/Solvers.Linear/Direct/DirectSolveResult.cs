namespace Solvers.Linear.Direct;

/// <summary>The outcome of <see cref="DirectSolver.Solve"/>. The solution itself is written to the caller's span.</summary>
public sealed record DirectSolveResult
{
    /// <summary>"cholesky", "ldlt" or "lu".</summary>
    public required string Method { get; init; }

    /// <summary>"amd", "rcm" or "natural".</summary>
    public required string Ordering { get; init; }

    /// <summary>Entries of the factor: nnz(L) for Cholesky/LDL^T, nnz(L) + nnz(U) for LU (the JSON field factorNnz).</summary>
    public required long FactorNonZeroCount { get; init; }

    /// <summary>Floating-point operations of the numeric factorisation (<see cref="SparseFactor.FlopCount"/>).</summary>
    public required double FlopCount { get; init; }

    /// <summary>Seconds of the symbolic analysis, ordering included.</summary>
    public required double AnalyzeSeconds { get; init; }

    /// <summary>Seconds of the numeric factorisation alone.</summary>
    public required double NumericFactorSeconds { get; init; }

    /// <summary>Analysis plus numeric factorisation: the time from A to a usable factor (the JSON field factorSeconds).</summary>
    public double FactorSeconds => AnalyzeSeconds + NumericFactorSeconds;

    /// <summary>Seconds of the triangular solves, refinement included (the JSON field solveSeconds).</summary>
    public required double SolveSeconds { get; init; }

    /// <summary>||b - A x|| of the returned x, recomputed with a fresh product.</summary>
    public required double ResidualNorm { get; init; }

    /// <summary>||b - A x|| / ||b|| (the norm itself when b = 0).</summary>
    public required double RelativeResidual { get; init; }

    /// <summary>Refinement steps taken.</summary>
    public required int RefinementSteps { get; init; }

    /// <summary>The factor, for further solves or a <see cref="SparseFactor.Refactorize"/>.</summary>
    public required SparseFactor Factor { get; init; }
}
