// Constants of the claim-5 instances (MinMaxProblems.CocoerciveLeastSquares, seed 1) from the oracle alone: the
// Jacobian of F assembled column by column, L_F = its largest eigenvalue, mu = its smallest, u* by a dense LU solve.
// Run after `dotnet build src/Solvers.Cli -c Release`: dotnet fsi benchmarks/constrained/cocoercive_constants.fsx 100 400 1600
#r "../../src/Solvers.Cli/bin/Release/net10.0/Solvers.Constrained.dll"
#r "../../src/Solvers.Cli/bin/Release/net10.0/Solvers.Linear.dll"
#r "../../src/Solvers.Cli/bin/Release/net10.0/MathNet.Numerics.dll"
open System
open MathNet.Numerics.LinearAlgebra
open Solvers.Constrained.Halpern

for n in fsi.CommandLineArgs |> Array.skip 1 |> Array.map int do
    let p = MinMaxProblems.CocoerciveLeastSquares(n)
    let op = p.Operator
    let d = op.Dimension
    let apply (u: float[]) =
        let r = Array.zeroCreate<float> d
        op.EvaluateUncounted(ReadOnlySpan<float>(u), Span<float>(r))
        r
    let f0 = apply (Array.zeroCreate d)
    let j = Matrix<float>.Build.Dense(d, d)
    for c in 0 .. d - 1 do
        let fe = apply (Array.init d (fun k -> if k = c then 1.0 else 0.0))
        for r in 0 .. d - 1 do j.[r, c] <- fe.[r] - f0.[r]
    let ev = j.Evd(Symmetricity.Symmetric).EigenValues |> Seq.map (fun z -> z.Real) |> Seq.toArray
    let star = j.LU().Solve(-(Vector<float>.Build.DenseOfArray f0))
    printfn "| %d | 1 | %.4f | %.3e | %.4f | %.4f |" n (Array.max ev) (Array.min ev) (star.L2Norm()) (p.Residual(ReadOnlySpan<float>(Array.zeroCreate d)))
