using System.CommandLine;
using Solvers.Cli.Commands;

namespace Solvers.Cli;

/// <summary>Entry point of the <c>solvers</c> command.</summary>
public static class Program
{
    /// <summary>Exit code of a converged run.</summary>
    public const int ExitConverged = 0;

    /// <summary>Exit code of bad input (unreadable file, unknown option value, invalid matrix).</summary>
    public const int ExitBadInput = 1;

    /// <summary>Exit code of a run that finished without converging.</summary>
    public const int ExitNotConverged = 2;

    /// <summary>Runs the command line and returns the exit code.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand(
            "Solvers: sparse linear systems (Krylov, sparse direct, DCDM), sequences of systems, optimal transport, equality-constrained optimisation, block coordinate descent and min-max problems.\n" +
            "Exit codes: 0 converged, 1 bad input, 2 not converged.");
        root.Subcommands.Add(SolveCommand.Create());
        root.Subcommands.Add(OtCommand.Create());
        root.Subcommands.Add(SequenceCommand.Create());
        root.Subcommands.Add(NlpCommand.Create());
        root.Subcommands.Add(BcdCommand.Create());
        root.Subcommands.Add(TreeSolveCommand.Create());
        root.Subcommands.Add(MinmaxCommand.Create());
        root.Subcommands.Add(DcdmCommand.Create());
        root.Subcommands.Add(GpuInfoCommand.Create());
        return root.Parse(args).Invoke();
    }
}
