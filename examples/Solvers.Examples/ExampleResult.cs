namespace Solvers.Examples;

/// <summary>What an example returns besides what it prints: each example derives its own record with the inputs and
/// outputs a reader (or a test) wants to check.</summary>
/// <param name="Name">The name <c>dotnet run --project examples/Solvers.Examples -- NAME</c> runs it by.</param>
public abstract record ExampleResult(string Name);
