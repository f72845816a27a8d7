namespace Bakong.Functional.Sandbox.Tests.Support;

/// <summary>The command writes on its own thread while the test reads.</summary>
public sealed class SynchronizedStringWriter : StringWriter
{
    private readonly object gate = new();

    public override void Write(char value)
    {
        lock (gate)
            base.Write(value);
    }

    public override void Write(string? value)
    {
        lock (gate)
            base.Write(value);
    }

    public override void WriteLine(string? value)
    {
        lock (gate)
            base.WriteLine(value);
    }

    public override string ToString()
    {
        lock (gate)
            return base.ToString();
    }
}
