using Solvers.Examples;

// dotnet run -c Release --project examples/Solvers.Examples -- [NAME ...]   (no name, or "all": every example)
var names = args.Length == 0 || (args.Length == 1 && args[0] == "all") ? Catalog.Names : args;
foreach (string name in names)
{
    if (!Catalog.TryGet(name, out var run))
    {
        Console.Error.WriteLine($"Unknown example '{name}'; expected one of: {string.Join(", ", Catalog.Names)} (or all).");
        return 1;
    }
    Console.WriteLine($"== {name}");
    run(Console.Out);
    Console.WriteLine();
}
return 0;
