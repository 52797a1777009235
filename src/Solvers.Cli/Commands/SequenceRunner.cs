namespace Solvers.Cli.Commands;

/// <summary>
/// Solves the systems a <see cref="SequenceRequest"/> describes, in order, handing each result to
/// <paramref name="onSystem"/> as soon as it is solved (the command collects them, drives the progress bar and
/// writes JSON and plots). Throws ArgumentException for a combination it does not support; stops early (without
/// error) when <paramref name="token"/> is cancelled.
/// </summary>
internal delegate void SequenceRunner(SequenceRequest request, Action<SequenceEntry> onSystem, CancellationToken token);
