using Solvers.Linear.Kernels;

namespace Solvers.Linear.Solving;

/// <summary>
/// Remembers the iterate with the smallest residual without copying x every iteration: only when the residual
/// first rises after a new minimum is the previous iterate rebuilt (x minus the step just taken) and saved.
/// Converging solves therefore pay nothing; a stagnating one returns its best point.
/// </summary>
internal sealed class BestIterate
{
    private double[]? _saved;
    private double _savedNorm = double.PositiveInfinity;
    private double _previousNorm = double.PositiveInfinity;
    private bool _previousIsBest;

    public double BestNorm { get; private set; } = double.PositiveInfinity;

    /// <summary>
    /// Records the residual norm of the new iterate x = x_prev + a1 d1 + a2 d2 (d2 may be empty).
    /// </summary>
    public void Observe(double norm, ReadOnlySpan<double> x, double a1, ReadOnlySpan<double> d1, double a2 = 0, ReadOnlySpan<double> d2 = default)
    {
        if (norm < BestNorm)
        {
            BestNorm = norm;
            _previousIsBest = true;
        }
        else if (_previousIsBest)
        {
            _saved ??= new double[x.Length];
            x.CopyTo(_saved);
            Blas1.Axpy(-a1, d1, _saved);
            if (!d2.IsEmpty) Blas1.Axpy(-a2, d2, _saved);
            _savedNorm = _previousNorm;
            _previousIsBest = false;
        }
        else
        {
            _previousIsBest = false;
        }
        _previousNorm = norm;
    }

    /// <summary>Copies the saved best iterate into x when it beats the current one; true when it did.</summary>
    public bool RestoreIfBetter(Span<double> x, double currentNorm)
    {
        if (_saved is null || !(_savedNorm < currentNorm) || _savedNorm > BestNorm) return false;
        _saved.CopyTo(x);
        return true;
    }
}
