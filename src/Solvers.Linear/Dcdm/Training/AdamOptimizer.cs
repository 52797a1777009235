namespace Solvers.Linear.Dcdm.Training;

/// <summary>Adam (Kingma and Ba, 2015) with bias correction, on a flat parameter array.</summary>
internal sealed class AdamOptimizer
{
    private readonly float[] _m, _v;
    private int _step;

    public AdamOptimizer(int parameterCount, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), $"Learning rate must be positive, was {learningRate}.");
        _m = new float[parameterCount];
        _v = new float[parameterCount];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    public double LearningRate { get; set; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Epsilon { get; }

    /// <summary>One step: parameters -= lr * m_hat / (sqrt(v_hat) + eps) with the moments updated by <paramref name="gradient"/>.</summary>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        _step++;
        float b1 = (float)Beta1, b2 = (float)Beta2;
        double c1 = 1 - Math.Pow(Beta1, _step), c2 = 1 - Math.Pow(Beta2, _step);
        float stepSize = (float)(LearningRate * Math.Sqrt(c2) / c1);
        float eps = (float)(Epsilon * Math.Sqrt(c2));
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradient[i];
            _m[i] = b1 * _m[i] + (1 - b1) * g;
            _v[i] = b2 * _v[i] + (1 - b2) * g * g;
            parameters[i] -= stepSize * _m[i] / (MathF.Sqrt(_v[i]) + eps);
        }
    }
}
