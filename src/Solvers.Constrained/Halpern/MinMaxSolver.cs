namespace Solvers.Constrained.Halpern;

/// <summary>
/// Runs one of the <see cref="MinMaxMethod"/>s on a finite-sum inclusion for an oracle budget in epochs, recording
/// the natural residual against epochs (Cai, Alacaoglu and Diakonikolas, ICLR 2024).
/// </summary>
public static class MinMaxSolver
{
    /// <summary>
    /// Runs <paramref name="method"/> from <paramref name="problem"/>'s initial point; the last iterate is written
    /// to <paramref name="u"/>. The operator's call counter is reset at the start.
    /// </summary>
    /// <exception cref="ArgumentException">u has the wrong length, or an option is out of range.</exception>
    public static MinMaxResult Solve(MinMaxProblem problem, MinMaxMethod method, Span<double> u, MinMaxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new MinMaxOptions();
        int d = problem.Operator.Dimension, n = problem.Operator.ComponentCount;
        if (u.Length != d) throw new ArgumentException($"u has length {u.Length}; the problem has dimension {d}.", nameof(u));
        if (problem.InitialPoint.Length != d)
            throw new ArgumentException($"The initial point has length {problem.InitialPoint.Length}; the problem has dimension {d}.", nameof(problem));
        if (!(options.Epochs > 0)) throw new ArgumentException($"Epochs must be positive, was {options.Epochs}.", nameof(options));
        double step = options.StepSize ?? problem.Steps.For(method);
        if (!(step > 0) || double.IsInfinity(step)) throw new ArgumentException($"Step size must be positive and finite, was {step}.", nameof(options));
        if (options.BatchSize is { } b && (b < 1 || b > n)) throw new ArgumentException($"BatchSize must be in [1, {n}], was {b}.", nameof(options));
        if (options.SnapshotProbability is { } p && !(p > 0 && p <= 1)) throw new ArgumentException($"SnapshotProbability must be in (0, 1], was {p}.", nameof(options));
        problem.InitialPoint.CopyTo(u);
        var recorder = new RunRecorder(problem, options);
        var rng = new Random(options.Seed);
        switch (method)
        {
            case MinMaxMethod.Halpern: HalpernIteration.RunInclusion(problem, step, u, recorder); break;
            case MinMaxMethod.VrHalpern: PageHalpern.Run(problem, step, options.BatchSize ?? Math.Max(1, (int)Math.Floor(Math.Sqrt(n))), u, recorder, rng); break;
            case MinMaxMethod.InexactHalpern:
                InexactHalpern.Run(problem, step, options.InnerStepSize ?? problem.Steps.InexactHalpernInner, options.SnapshotProbability ?? 1.0 / n, u, recorder, rng);
                break;
            case MinMaxMethod.ExtraGradient: ExtraGradient.Run(problem, step, u, recorder, anchored: false); break;
            case MinMaxMethod.ExtraAnchoredGradient: ExtraGradient.Run(problem, step, u, recorder, anchored: true); break;
            case MinMaxMethod.VrExtraGradient: VarianceReducedExtraGradient.Run(problem, step, options.SnapshotProbability ?? 1.0 / n, u, recorder, rng); break;
            default: throw new ArgumentException($"Unknown method {method}.", nameof(method));
        }
        return recorder.Finish(u, method);
    }

    /// <summary>u = J(u).</summary>
    internal static void Resolve(MinMaxProblem problem, Span<double> u, double eta) => problem.Resolvent.Apply(u, eta);
}
