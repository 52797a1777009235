namespace Solvers.Constrained.Problems;

/// <summary>
/// A second-order forward-mode automatic-differentiation number: value, gradient and full Hessian with respect
/// to n variables. Meant for the small analytic test problems (n of at most a few dozen): it spares hand-written
/// derivatives, the usual source of transcription errors, and the finite-difference tests still check them.
/// Constants carry no derivative arrays.
/// </summary>
public readonly struct Jet
{
    private readonly double[]? _gradient;
    private readonly double[]? _hessian;

    private Jet(double value, double[]? gradient, double[]? hessian)
    {
        Value = value;
        _gradient = gradient;
        _hessian = hessian;
    }

    /// <summary>The function value.</summary>
    public double Value { get; }

    /// <summary>Variable <paramref name="index"/> of <paramref name="count"/> with the given value.</summary>
    public static Jet Variable(int count, int index, double value)
    {
        var g = new double[count];
        g[index] = 1;
        return new Jet(value, g, new double[count * count]);
    }

    /// <summary>A constant.</summary>
    public static implicit operator Jet(double value) => new(value, null, null);

    /// <summary>Writes the gradient (zeros for a constant).</summary>
    public void CopyGradient(Span<double> destination)
    {
        if (_gradient is null) destination.Clear();
        else _gradient.CopyTo(destination);
    }

    /// <summary>Hessian entry (i, j) (zero for a constant).</summary>
    public double Hessian(int i, int j) => _hessian is null ? 0 : _hessian[i * (int)Math.Sqrt(_hessian.Length) + j];

    /// <summary>Adds scale times the Hessian into the row-major n x n array <paramref name="destination"/>.</summary>
    public void AddHessian(double scale, Span<double> destination)
    {
        if (_hessian is null) return;
        for (int k = 0; k < _hessian.Length; k++) destination[k] += scale * _hessian[k];
    }

    /// <summary>Sum.</summary>
    public static Jet operator +(Jet a, Jet b) => Combine(a, b, 1, 1, a.Value + b.Value);

    /// <summary>Difference.</summary>
    public static Jet operator -(Jet a, Jet b) => Combine(a, b, 1, -1, a.Value - b.Value);

    /// <summary>Negation.</summary>
    public static Jet operator -(Jet a) => Combine(a, 0, -1, 0, -a.Value);

    /// <summary>Product (Leibniz rule to second order).</summary>
    public static Jet operator *(Jet a, Jet b)
    {
        if (a._gradient is null) return Combine(b, 0, a.Value, 0, a.Value * b.Value);
        if (b._gradient is null) return Combine(a, 0, b.Value, 0, a.Value * b.Value);
        int n = a._gradient.Length;
        var g = new double[n];
        var h = new double[n * n];
        for (int i = 0; i < n; i++) g[i] = a.Value * b._gradient[i] + b.Value * a._gradient[i];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                h[i * n + j] = a.Value * b._hessian![i * n + j] + b.Value * a._hessian![i * n + j]
                    + a._gradient[i] * b._gradient[j] + b._gradient[i] * a._gradient[j];
        return new Jet(a.Value * b.Value, g, h);
    }

    /// <summary>Quotient.</summary>
    public static Jet operator /(Jet a, Jet b) => a * Apply(b, 1 / b.Value, -1 / (b.Value * b.Value), 2 / (b.Value * b.Value * b.Value));

    /// <summary>Integer power.</summary>
    public static Jet Pow(Jet a, int k)
    {
        double t = a.Value;
        double d1 = k == 0 ? 0 : k * Math.Pow(t, k - 1);
        double d2 = k * (k - 1) == 0 ? 0 : k * (k - 1) * Math.Pow(t, k - 2);
        return Apply(a, Math.Pow(t, k), d1, d2);
    }

    /// <summary>Square.</summary>
    public static Jet Square(Jet a) => a * a;

    /// <summary>Sine.</summary>
    public static Jet Sin(Jet a) => Apply(a, Math.Sin(a.Value), Math.Cos(a.Value), -Math.Sin(a.Value));

    /// <summary>Cosine.</summary>
    public static Jet Cos(Jet a) => Apply(a, Math.Cos(a.Value), -Math.Sin(a.Value), -Math.Cos(a.Value));

    /// <summary>Exponential.</summary>
    public static Jet Exp(Jet a)
    {
        double e = Math.Exp(a.Value);
        return Apply(a, e, e, e);
    }

    /// <summary>Natural logarithm.</summary>
    public static Jet Log(Jet a) => Apply(a, Math.Log(a.Value), 1 / a.Value, -1 / (a.Value * a.Value));

    /// <summary>Square root.</summary>
    public static Jet Sqrt(Jet a)
    {
        double s = Math.Sqrt(a.Value);
        return Apply(a, s, 0.5 / s, -0.25 / (s * a.Value));
    }

    /// <summary>phi(a) given phi, phi' and phi'' at a.Value (chain rule to second order).</summary>
    private static Jet Apply(Jet a, double value, double d1, double d2)
    {
        if (a._gradient is null) return new Jet(value, null, null);
        int n = a._gradient.Length;
        var g = new double[n];
        var h = new double[n * n];
        for (int i = 0; i < n; i++) g[i] = d1 * a._gradient[i];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                h[i * n + j] = d1 * a._hessian![i * n + j] + d2 * a._gradient[i] * a._gradient[j];
        return new Jet(value, g, h);
    }

    /// <summary>alpha a + beta b with the given value.</summary>
    private static Jet Combine(Jet a, Jet b, double alpha, double beta, double value)
    {
        var template = a._gradient ?? b._gradient;
        if (template is null) return new Jet(value, null, null);
        int n = template.Length;
        var g = new double[n];
        var h = new double[n * n];
        if (a._gradient is not null)
        {
            for (int i = 0; i < n; i++) g[i] += alpha * a._gradient[i];
            for (int k = 0; k < n * n; k++) h[k] += alpha * a._hessian![k];
        }
        if (b._gradient is not null)
        {
            for (int i = 0; i < n; i++) g[i] += beta * b._gradient[i];
            for (int k = 0; k < n * n; k++) h[k] += beta * b._hessian![k];
        }
        return new Jet(value, g, h);
    }
}
