namespace Solvers.Transport.Sinkhorn;

/// <summary>Placeholder.</summary>
public static class SinkhornNewtonSparse
{
}
