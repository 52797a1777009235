namespace Solvers.Transport.Exact;

/// <summary>Placeholder.</summary>
public static class NetworkSimplex
{
}
