using Solvers.Linear.Storage;

namespace Solvers.Linear.Generators.Sequences;

/// <summary>
/// The 2-D heat equation u_t = kappa(t) Laplace(u) + f(t, x) on the unit square with u = 0 on the boundary, by
/// Crank–Nicolson on an nx x nx mesh (h = 1 / nx, (nx - 1)^2 interior unknowns): the heat experiment of Learning
/// to Relax (Khodak et al., ICLR 2024). Step t solves
/// A_t u_(t+1) = b_t with A_t = I - (kappa dt / 2) L and b_t = (I + (kappa dt / 2) L) u_t + dt f(t_half),
/// L the five-point Laplacian / h^2 and kappa, f evaluated at the half step t_half = t dt + dt / 2.
/// </summary>
/// <remarks>
/// kappa(t) = max(0.1 sin 2 pi t, -10 sin 2 pi t) alternates between a weak (&lt;= 0.1) and a strong (&lt;= 10)
/// regime, so the best omega moves. f = 32 bump(x; centre (0.5 + cos(16 pi t) / 4, 0.5 + sin(16 pi t) / 4),
/// radius 0.125), a bump orbiting the centre; u_0 = bump(x; (0.5, 0.5), 0.25), with
/// bump(x; c, r) = exp(1 - 1 / (1 - |x - c|^2 / r^2)) inside the disc and 0 outside. Interior point (i, j) sits at
/// ((i + 1) h, (j + 1) h), unknowns in row-major order. The initial guess of each step is the previous solution
/// (warm start), and the context is kappa(t_half), the coefficient in A_t.
/// </remarks>
public sealed class HeatEquation2D : ISystemSequence
{
    private readonly CsrMatrix _laplacian;
    private readonly double[] _identity;
    private readonly double[] _u;
    private readonly double[] _work;
    private readonly double _h;
    private int _step;
    private bool _awaitingSolution;

    /// <summary>A simulation of <paramref name="steps"/> steps of length <paramref name="timeStep"/> on an nx x nx mesh.</summary>
    /// <param name="nx">Mesh intervals per side (the paper's nx: 25 ... 400); at least 2.</param>
    /// <param name="steps">Number of time steps (systems); the paper runs 5000.</param>
    /// <param name="timeStep">dt; the paper's 1e-3 (5000 steps to t = 5).</param>
    public HeatEquation2D(int nx = 100, int steps = 5000, double timeStep = 1e-3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nx, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 0);
        if (!(timeStep > 0) || !double.IsFinite(timeStep))
            throw new ArgumentOutOfRangeException(nameof(timeStep), timeStep, "The time step must be positive and finite.");
        Nx = nx;
        Count = steps;
        TimeStep = timeStep;
        _h = 1.0 / nx;
        _laplacian = Poisson.TwoD(nx - 1);
        int n = _laplacian.RowCount;
        _identity = new double[_laplacian.NonZeroCount];
        for (int i = 0; i < n; i++) _identity[_laplacian.IndexOf(i, i)] = 1;
        _u = new double[n];
        _work = new double[n];
        int m = nx - 1;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                _u[i * m + j] = Bump((i + 1) * _h, (j + 1) * _h, 0.5, 0.5, 0.25);
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        for (int t = 0; t < steps; t++)
        {
            double kappa = Kappa((t + 0.5) * timeStep);
            low = Math.Min(low, kappa);
            high = Math.Max(high, kappa);
        }
        ContextRange = steps == 0 ? (0, 10) : (low, high);
    }

    /// <inheritdoc />
    public string Name => "heat2d";

    /// <summary>Mesh intervals per side.</summary>
    public int Nx { get; }

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public int Size => _laplacian.RowCount;

    /// <summary>dt.</summary>
    public double TimeStep { get; }

    /// <summary>Simulated time reached (steps accepted times dt).</summary>
    public double Time => _step * TimeStep;

    /// <summary>The current temperature field u (interior points, row-major).</summary>
    public ReadOnlySpan<double> Solution => _u;

    /// <inheritdoc />
    public string ContextName => "kappa";

    /// <summary>The smallest and largest kappa(t_half) over the steps (known in advance, as in the paper).</summary>
    public (double Min, double Max) ContextRange { get; }

    /// <summary>The diffusion coefficient kappa(t) = max(0.1 sin 2 pi t, -10 sin 2 pi t).</summary>
    public static double Kappa(double t) => Math.Max(0.1 * Math.Sin(2 * Math.PI * t), -10 * Math.Sin(2 * Math.PI * t));

    /// <summary>The smooth bump exp(1 - 1 / (1 - r^2 / radius^2)) at distance r from the centre, 0 outside the disc.</summary>
    public static double Bump(double x, double y, double centreX, double centreY, double radius)
    {
        double q = ((x - centreX) * (x - centreX) + (y - centreY) * (y - centreY)) / (radius * radius);
        return q >= 1 ? 0 : Math.Exp(1 - 1 / (1 - q));
    }

    /// <inheritdoc />
    public SequenceInstance Next()
    {
        if (_awaitingSolution) throw new InvalidOperationException("Pass the solution of the previous step to Accept before asking for the next system.");
        if (_step >= Count) throw new InvalidOperationException($"All {Count} steps of the simulation were handed out.");
        double half = (_step + 0.5) * TimeStep;
        double kappa = Kappa(half);
        double gamma = 0.5 * kappa * TimeStep / (_h * _h);

        // A = I + gamma P with P the 4/-1 stencil (L = -P / h^2).
        var laplacianValues = _laplacian.Values;
        var values = new double[laplacianValues.Length];
        for (int k = 0; k < values.Length; k++) values[k] = _identity[k] + gamma * laplacianValues[k];
        var matrix = CsrMatrix.Wrap(Size, Size, _laplacian.RowPointerArray, _laplacian.ColumnIndexArray, values, validate: false);

        // b = u - gamma P u + dt f(t_half).
        _laplacian.Apply(_u, _work);
        var b = new double[Size];
        int m = Nx - 1;
        double cx = 0.5 + Math.Cos(16 * Math.PI * half) / 4, cy = 0.5 + Math.Sin(16 * Math.PI * half) / 4;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
            {
                int p = i * m + j;
                b[p] = _u[p] - gamma * _work[p] + TimeStep * 32 * Bump((i + 1) * _h, (j + 1) * _h, cx, cy, 0.125);
            }
        _awaitingSolution = true;
        return new SequenceInstance(_step, matrix, b, _u.ToArray(), kappa);
    }

    /// <inheritdoc />
    public void Accept(ReadOnlySpan<double> solution)
    {
        if (solution.Length != Size)
            throw new ArgumentException($"Solution has length {solution.Length}; the mesh has {Size} unknowns.", nameof(solution));
        if (!_awaitingSolution) throw new InvalidOperationException("No system is waiting for its solution; call Next first.");
        solution.CopyTo(_u);
        _step++;
        _awaitingSolution = false;
    }
}
