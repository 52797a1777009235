using System.Diagnostics.CodeAnalysis;

namespace Solvers.Examples;

/// <summary>The examples by name, in the order <c>all</c> runs them.</summary>
public static class Catalog
{
    private static readonly (string Name, Func<TextWriter, ExampleResult> Run)[] Examples =
    [
        ("krylov", KrylovExample.Run),
        ("direct", DirectExample.Run),
        ("sequence", SequenceExample.Run),
        ("transport", TransportExample.Run),
        ("nlp", NlpExample.Run),
        ("bcd", BcdExample.Run),
        ("minmax", MinMaxExample.Run),
    ];

    /// <summary>Every example name.</summary>
    public static IReadOnlyList<string> Names { get; } = Examples.Select(e => e.Name).ToArray();

    /// <summary>The example called <paramref name="name"/> (case-insensitive).</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out Func<TextWriter, ExampleResult>? run)
    {
        foreach (var e in Examples)
            if (string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                run = e.Run;
                return true;
            }
        run = null;
        return false;
    }
}
