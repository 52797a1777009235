using System.Diagnostics;
using System.Numerics.Tensors;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Transport.Kernels;
using Solvers.Transport.Problems;

namespace Solvers.Transport.Sinkhorn;

/// <summary>
/// Sinkhorn–Newton–Sparse (X. Tang et al., "Accelerating Sinkhorn algorithm with sparse Newton iterations",
/// ICLR 2024, arXiv 2401.12253): a Sinkhorn warm start, then Newton steps on the concave dual
/// D(F, G) = a.F + b.G - reg sum_ij exp((F_i + G_j - C_ij) / reg), whose gradient is the marginal violation
/// (a - P 1, b - P^T 1) and whose negated Hessian is [diag(P 1), P; P^T, diag(P^T 1)] / reg.
/// </summary>
/// <remarks>
/// Each Newton step keeps only the largest entries of P in the off-diagonal blocks (<see cref="SparseHessian"/>:
/// by default a global threshold dropping at most a fraction <see cref="SnsOptions.DroppedMass"/> of the mass;
/// the paper's density rule and a per-row/column rule are options), solves the sparse system with conjugate
/// gradients from Solvers.Linear (a tiny diagonal shift, 1e-6 of the largest gradient entry, keeps it definite, as
/// in SSNS, Tang et al. NeurIPS 2024), and backtracks on D (Armijo, halving from the longest step 2^-k that moves no
/// potential by more than 16 reg). CG runs on the Schur complement on the target
/// potentials with its diagonal as preconditioner (<see cref="ReducedNewtonSystem"/>), under the same residual bound
/// on the full system; on the bipartite pattern of the Newton matrix this is the CG of IC(0) on the full matrix
/// (eliminating the source potentials first, IC(0) keeps exactly the Schur complement's diagonal), without building
/// or factoring anything. The trial plans of the line search are scalings of the current one
/// (<see cref="PlanScaling"/>): no exponentials after the warm start. A step whose
/// line search finds no ascent, or three steps in a row that cut the marginal error by less than 10%, are
/// followed by a block of Sinkhorn iterations. Unlike the paper, each Newton step is followed by one Sinkhorn
/// iteration done in place on the plan (<see cref="SnsOptions.InterleaveSinkhorn"/>). Iterations are counted as in
/// the paper: Sinkhorn iterations (these included) plus Newton steps.
/// </remarks>
public static class SinkhornNewtonSparse
{
    private const int MaxHalvings = 12;
    private const double MaxFirstLogStep = 16;
    private const double ShiftFactor = 1e-6;
    private const int SlowStepsBeforeFallback = 3;
    private const int IcEntriesPerNode = 8;

    /// <summary>Solves the entropic problem with regularisation <paramref name="reg"/> by SNS.</summary>
    /// <param name="problem">Weights and cost.</param>
    /// <param name="reg">Entropic regularisation (POT's reg), positive.</param>
    /// <param name="options">Warm start, sparsity, CG and stopping settings; defaults when null.</param>
    /// <exception cref="ArgumentException">reg is not a positive finite number or the options are invalid.</exception>
    public static SnsResult Solve(OtProblem problem, double reg, SnsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new SnsOptions();
        options.Validate();
        LogSinkhorn.CheckRegularization(reg);
        var support = problem.Support();
        var (f0, g0) = LogSinkhorn.ReducedWarmStart(support, options.WarmStart);
        var reduced = support.Reduced;
        int n = reduced.SourceCount, m = reduced.TargetCount;
        var a = reduced.SourceWeights;
        var b = reduced.TargetWeights;
        var reporter = new IterationReporter(options, reduced.SourceMass);

        // The warm start's kernel buffer becomes the plan (diag(u) K diag(v) written in place): no exponential pass
        // after it, and the line search's trial plans are scalings of it (PlanScaling), so one n x m buffer serves.
        var plan = new double[n * m];
        var engine = new StabilizedSinkhornEngine(reduced, reg, options.AbsorbThreshold, plan);
        engine.Start(f0, g0);
        long iterations = 0;
        int sinkhorn = 0, newton = 0, cg = 0, fallbacks = 0, interleaved = 0;
        long keptTotal = 0;
        var status = TransportStatus.Iterating;
        int slowSteps = 0;
        long tWarm, tSparsify = 0, tPreconditioner = 0, tCg = 0, tLineSearch = 0, tFallback = 0;
        int evaluations = 0;
        long clock = Stopwatch.GetTimestamp();

        for (int t = 0; t < options.WarmStartIterations && status == TransportStatus.Iterating; t++)
        {
            engine.Iterate();
            sinkhorn++;
            iterations++;
            status = reporter.Check(iterations, engine.RowError + engine.ColumnErrorL1, engine.ColumnErrorL2, options.MaxIterations);
        }

        var f = new double[n];
        var g = new double[m];
        engine.GetPotentials(f, g);
        engine.WritePlanInPlace();
        var rows = new double[n];
        var columns = new double[m];
        var work = new double[Math.Max(n, m)];
        // The sparsification statistics of the plan, gathered in the passes that change it.
        double lump = PlanStatistics.LumpFor(options.DroppedMass, reduced.SourceMass, n, m);
        var statistics = options.Sparsity == HessianSparsity.PerRowColumn ? null : new PlanStatistics(n, m, options.Sparsity, lump);
        double mass = PlanScaling.Measure(plan, rows, columns, statistics);
        double dual = Dual(a, b, f, g, reg, mass);
        tWarm = Lap(ref clock);

        var gradient = new double[n + m];
        var direction = new double[n + m];
        var fTrial = new double[n];
        var gTrial = new double[m];
        var rowsTrial = new double[n];
        var rowScale = new double[n];
        var columnScale = new double[m];
        var columnsTrial = new double[m];
        var rowThreshold = new double[n];
        var columnThreshold = new double[m];
        var kept = new KeptPlan(n, m);
        ReducedNewtonSystem? reducedSystem = null;
        double[]? reducedRhs = null, reducedSolution = null;
        var cgOptions = new SolverOptions
        {
            RelativeTolerance = options.CgTolerance,
            MaxIterations = options.CgMaxIterations,
            CheckInput = false,
            RecordHistory = false,
            CancellationToken = options.CancellationToken,
        };

        while (status == TransportStatus.Iterating)
        {
            double error = Gradient(a, b, rows, columns, gradient, out double gradientMax);
            // Newton system M d = g with M = reg * (negated Hessian), so the ascent step is reg * d.
            double shift = Math.Max(gradientMax * ShiftFactor, 1e-300);
            SparseHessian.Thresholds(plan, n, m, options, statistics, rowThreshold, columnThreshold);
            kept.Select(plan, rowThreshold, columnThreshold);
            keptTotal += kept.Count;
            if (options.ReducedSystem)
            {
                // Schur complement on the target potentials, same residual bound on the full system.
                reducedSystem ??= new ReducedNewtonSystem(n, m);
                reducedRhs ??= new double[m];
                reducedSolution ??= new double[m];
                reducedSystem.Setup(kept, rows, columns, shift);
                reducedSystem.RightHandSide(gradient, reducedRhs);
                tSparsify += Lap(ref clock);
                Array.Clear(reducedSolution);
                var reducedOptions = cgOptions with
                {
                    RelativeTolerance = 0,
                    AbsoluteTolerance = Math.Max(options.CgTolerance * Math.Sqrt(DenseKernels.Dot(gradient, gradient)), double.Epsilon),
                };
                var solve = ConjugateGradient.Solve(reducedSystem, reducedRhs, reducedSolution, reducedSystem.Preconditioner, reducedOptions);
                reducedSystem.Recover(gradient, reducedSolution, direction);
                cg += solve.Iterations;
                tCg += Lap(ref clock);
            }
            else
            {
                var matrix = SparseHessian.Assemble(kept, rows, columns, shift);
                tSparsify += Lap(ref clock);
                var preconditioner = Preconditioner(matrix, kept.Count, n + m);
                tPreconditioner += Lap(ref clock);
                Array.Clear(direction);
                var solve = ConjugateGradient.Solve(matrix, gradient, direction, preconditioner, cgOptions);
                cg += solve.Iterations;
                tCg += Lap(ref clock);
            }
            double slope = reg * DenseKernels.Dot(gradient, direction);

            bool accepted = false;
            double trialMass = 0, trialDual = 0;
            if (slope > 0 && double.IsFinite(slope))
            {
                double alpha = 1;
                double slack = 1e-14 * (Math.Abs(DenseKernels.Dot(a, f)) + Math.Abs(DenseKernels.Dot(b, g)) + reg * mass);
                double directionMax = MaxAbs(direction);
                // Skip the trial steps that would move some potential by more than MaxFirstLogStep * reg: on rows and
                // columns of tiny mass the Newton direction can be huge, and such trials overshoot by orders of
                // magnitude (the halvings would reject them anyway, one full pass over the plan each). This also keeps
                // every trial within PlanScaling.MaxLogScale, so no trial needs the plan exponentiated afresh.
                while (alpha * directionMax > MaxFirstLogStep) alpha *= 0.5;
                for (int h = 0; h <= MaxHalvings; h++, alpha *= 0.5)
                {
                    double step = alpha * reg;
                    for (int i = 0; i < n; i++) fTrial[i] = f[i] + step * direction[i];
                    for (int j = 0; j < m; j++) gTrial[j] = g[j] + step * direction[n + j];
                    if (!PlanScaling.TryScales(direction, alpha, directionMax, rowScale, columnScale)) continue;
                    trialMass = PlanScaling.Marginals(plan, rowScale, columnScale, rowsTrial, columnsTrial, work.AsSpan(0, m));
                    evaluations++;
                    trialDual = Dual(a, b, fTrial, gTrial, reg, trialMass);
                    double trialError = EntropicPlan.MarginalError(reduced, rowsTrial, columnsTrial);
                    if (trialDual >= dual + options.ArmijoConstant * alpha * slope - slack || trialError <= 0.5 * error)
                    {
                        accepted = double.IsFinite(trialDual);
                        break;
                    }
                }
            }

            tLineSearch += Lap(ref clock);
            if (accepted)
            {
                // The plan is still the old one: the step's scaling is applied by the next pass over it.
                (f, fTrial) = (fTrial, f);
                (g, gTrial) = (gTrial, g);
                (rows, rowsTrial) = (rowsTrial, rows);
                (columns, columnsTrial) = (columnsTrial, columns);
                mass = trialMass;
                dual = trialDual;
                newton++;
                iterations++;
                double newError = EntropicPlan.MarginalError(reduced, rows, columns);
                status = reporter.Check(iterations, newError, ColumnL2(b, columns), options.MaxIterations);
                if (status == TransportStatus.Iterating && options.InterleaveSinkhorn)
                {
                    // One Sinkhorn iteration in place on the plan (no exponentials): rows and columns whose mass must
                    // change by orders of magnitude move only by about a factor e per Newton step (Newton on exp).
                    // The Newton step's scaling is applied in the same pass.
                    mass = SinkhornIteration(a, b, reg, f, g, plan, rows, columns, work, statistics, rowScale, columnScale);
                    dual = Dual(a, b, f, g, reg, mass);
                    interleaved++;
                    iterations++;
                    newError = EntropicPlan.MarginalError(reduced, rows, columns);
                    status = reporter.Check(iterations, newError, ColumnL2(b, columns), options.MaxIterations);
                }
                else
                {
                    mass = PlanScaling.Apply(plan, rowScale, columnScale, rows, columns, statistics);
                    dual = Dual(a, b, f, g, reg, mass);
                }
                // Newton steps that barely reduce the error (a sparsified Hessian that misses weak couplings)
                // are no better than Sinkhorn iterations: after a few in a row, run a Sinkhorn block instead.
                slowSteps = newError > 0.9 * error ? slowSteps + 1 : 0;
                if (slowSteps < SlowStepsBeforeFallback || status != TransportStatus.Iterating) continue;
            }
            slowSteps = 0;

            // Fall back to Sinkhorn from the current potentials; the engine rebuilds its kernel in the plan's buffer.
            fallbacks++;
            engine = new StabilizedSinkhornEngine(reduced, reg, options.AbsorbThreshold, plan);
            engine.Start(f, g);
            for (int t = 0; t < options.FallbackIterations && status == TransportStatus.Iterating; t++)
            {
                engine.Iterate();
                sinkhorn++;
                iterations++;
                status = reporter.Check(iterations, engine.RowError + engine.ColumnErrorL1, engine.ColumnErrorL2, options.MaxIterations);
            }
            engine.GetPotentials(f, g);
            engine.WritePlanInPlace();
            mass = PlanScaling.Measure(plan, rows, columns, statistics);
            dual = Dual(a, b, f, g, reg, mass);
            tFallback += Lap(ref clock);
        }

        int steps = newton, cgIterations = cg, warm = sinkhorn, fb = fallbacks, afterNewton = interleaved;
        double averageKept = newton + fallbacks > 0 ? keptTotal / (double)(newton + fallbacks) : 0;
        var result = EntropicPlan.Finish(support, reg, plan, f, g, "sns", status, iterations, reporter.History, reporter.Elapsed, options,
            IterationReporter.Describe(status, options.MaxIterations),
            r => new SnsResult
            {
                Method = r.Method,
                Status = r.Status,
                Plan = r.Plan,
                Cost = r.Cost,
                EntropicObjective = r.EntropicObjective,
                Regularization = r.Regularization,
                DualU = r.DualU,
                DualV = r.DualV,
                Iterations = r.Iterations,
                MarginalError = r.MarginalError,
                History = r.History,
                Elapsed = r.Elapsed,
                Message = r.Message,
                SinkhornIterations = warm,
                NewtonSteps = steps,
                CgIterations = cgIterations,
                Fallbacks = fb,
                InterleavedSinkhornIterations = afterNewton,
                AverageKeptEntries = averageKept,
                Profile = new SnsProfile
                {
                    WarmStartSeconds = Seconds(tWarm),
                    SparsifySeconds = Seconds(tSparsify),
                    PreconditionerSeconds = Seconds(tPreconditioner),
                    CgSeconds = Seconds(tCg),
                    LineSearchSeconds = Seconds(tLineSearch),
                    FallbackSeconds = Seconds(tFallback),
                    LineSearchEvaluations = evaluations,
                },
            });
        reporter.Finish(iterations, result.MarginalError);
        return (SnsResult)result;
    }

    /// <summary>
    /// For the full-system solve (<see cref="SnsOptions.ReducedSystem"/> false): IC(0) of the Newton matrix when the kept plan is sparse (at most <see cref="IcEntriesPerNode"/> entries per
    /// row and column on average: sharp plans, whose tree-like patterns IC(0) factors almost exactly, so CG
    /// converges in a few iterations however ill-conditioned M is); Jacobi for denser (blurry, well-conditioned)
    /// plans, where IC(0) would cost more than it saves, or when the factorisation fails.
    /// </summary>
    private static IPreconditioner Preconditioner(Solvers.Linear.Storage.CsrMatrix matrix, int kept, int size)
    {
        if (kept > IcEntriesPerNode * size) return new JacobiPreconditioner(matrix);
        try
        {
            return new IncompleteCholesky(matrix);
        }
        catch (InvalidOperationException)
        {
            return new JacobiPreconditioner(matrix);
        }
    }

    /// <summary>
    /// One Sinkhorn iteration in POT's order, in place and in one pass, on the plan diag(x) P diag(y) of the accepted
    /// Newton step (whose row and column sums <paramref name="rows"/>, <paramref name="columns"/> already are, and
    /// whose potentials f, g already are): the column update G_j += reg log(b_j / c_j) scales column j by b_j / c_j,
    /// then the row update F_i += reg log(a_i / r_i) scales row i by a_i / r_i (r_i its sum after the column update).
    /// The step's scaling is applied in the same pass, and the row and column sums and the statistics recomputed.
    /// Returns the new total mass.
    /// </summary>
    private static double SinkhornIteration(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double reg, Span<double> f, Span<double> g,
        Span<double> plan, Span<double> rows, Span<double> columns, Span<double> work, PlanStatistics? statistics,
        ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = rows.Length, m = columns.Length;
        var columnScale = work.Slice(0, m);
        for (int j = 0; j < m; j++)
        {
            double c = columns[j];
            double t = c > 0 && double.IsFinite(c) ? b[j] / c : 1;
            columnScale[j] = t * y[j];
            g[j] += reg * Math.Log(t);
        }
        statistics?.Reset();
        columns.Clear();
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            var row = plan.Slice(i * m, m);
            double r = DenseKernels.ScaleRowAndSum(x[i], columnScale, row);
            double t = 1;
            if (r > 0 && double.IsFinite(r))
            {
                t = a[i] / r;
                f[i] += reg * Math.Log(t);
            }
            if (statistics is not null)
            {
                r = statistics.ScaleAddRow(i, row, t, columns);
            }
            else
            {
                if (t != 1) TensorPrimitives.Multiply(row, t, row);
                r = DenseKernels.Sum(row);
                DenseKernels.Add(row, columns);
            }
            rows[i] = r;
            total += r;
        }
        return total;
    }

    /// <summary>Ticks since <paramref name="clock"/>, which moves to now.</summary>
    private static long Lap(ref long clock)
    {
        long now = Stopwatch.GetTimestamp();
        long ticks = now - clock;
        clock = now;
        return ticks;
    }

    private static double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;

    /// <summary>D(F, G) = a.F + b.G - reg sum P.</summary>
    private static double Dual(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> f, ReadOnlySpan<double> g, double reg, double mass) =>
        DenseKernels.Dot(a, f) + DenseKernels.Dot(b, g) - reg * mass;

    /// <summary>gradient = (a - r, b - c); returns its L1 norm, and its largest magnitude in <paramref name="max"/>.</summary>
    private static double Gradient(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> rows, ReadOnlySpan<double> columns,
        Span<double> gradient, out double max)
    {
        int n = a.Length;
        double l1 = 0;
        max = 0;
        for (int i = 0; i < n; i++)
        {
            double d = a[i] - rows[i];
            gradient[i] = d;
            l1 += Math.Abs(d);
            max = Math.Max(max, Math.Abs(d));
        }
        for (int j = 0; j < b.Length; j++)
        {
            double d = b[j] - columns[j];
            gradient[n + j] = d;
            l1 += Math.Abs(d);
            max = Math.Max(max, Math.Abs(d));
        }
        return l1;
    }

    private static double MaxAbs(ReadOnlySpan<double> x)
    {
        double max = 0;
        foreach (double v in x) max = Math.Max(max, Math.Abs(v));
        return max;
    }

    private static double ColumnL2(ReadOnlySpan<double> b, ReadOnlySpan<double> columns)
    {
        double s = 0;
        for (int j = 0; j < b.Length; j++) s += (columns[j] - b[j]) * (columns[j] - b[j]);
        return Math.Sqrt(s);
    }
}
