namespace Solvers.Constrained.Halpern;

/// <summary>The methods for finite-sum monotone inclusions 0 in F(u) + G(u).</summary>
public enum MinMaxMethod
{
    /// <summary>Classical Halpern on T = J_{eta G}(I - eta F), lambda_k = 1/(k+2); n calls per step.</summary>
    Halpern,

    /// <summary>Algorithm 1 of Cai et al. (2024): one-step Halpern with the PAGE estimator, batch floor(sqrt n).</summary>
    VrHalpern,

    /// <summary>Algorithm 2 of Cai et al. (2024): inexact Halpern on the resolvent J_{eta(F+G)}, inner VR-FoRB.</summary>
    InexactHalpern,

    /// <summary>Extragradient (Korpelevich 1976); 2n calls per step.</summary>
    ExtraGradient,

    /// <summary>Extra-anchored gradient (Yoon and Ryu 2021), anchor weight 1/(k+2); 2n calls per step.</summary>
    ExtraAnchoredGradient,

    /// <summary>Loopless variance-reduced extragradient (Alacaoglu and Malitsky 2022), snapshot probability p.</summary>
    VrExtraGradient,
}

/// <summary>Names of <see cref="MinMaxMethod"/> on the command line.</summary>
public static class MinMaxMethods
{
    /// <summary>halpern, vr-halpern, inexact-halpern, eg, eag, vr-eg.</summary>
    public static IReadOnlyList<string> Names { get; } = ["halpern", "vr-halpern", "inexact-halpern", "eg", "eag", "vr-eg"];

    /// <summary>Parses a command-line name.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static MinMaxMethod Parse(string name) => name switch
    {
        "halpern" => MinMaxMethod.Halpern,
        "vr-halpern" => MinMaxMethod.VrHalpern,
        "inexact-halpern" => MinMaxMethod.InexactHalpern,
        "eg" => MinMaxMethod.ExtraGradient,
        "eag" => MinMaxMethod.ExtraAnchoredGradient,
        "vr-eg" => MinMaxMethod.VrExtraGradient,
        _ => throw new ArgumentException($"Unknown method '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The command-line name of <paramref name="method"/>.</summary>
    public static string Name(this MinMaxMethod method) => Names[(int)method];
}
