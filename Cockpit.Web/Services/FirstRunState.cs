namespace Cockpit.Web.Services;

/// <summary>Where the first run stands: generating the demo company, building the first warehouse, ready or failed.</summary>
public sealed class FirstRunState
{
    private volatile FirstRunStage _stage = FirstRunStage.Starting;
    private volatile string _message = "正在启动 starting…";
    private double _fraction;

    public FirstRunStage Stage => _stage;
    public string Message => _message;
    public double Fraction => Volatile.Read(ref _fraction);

    /// <summary>Raised on every change, from a background thread.</summary>
    public event Action? Changed;

    public void Set(FirstRunStage stage, string message, double fraction = 0)
    {
        _stage = stage;
        _message = message;
        Volatile.Write(ref _fraction, fraction);
        Changed?.Invoke();
    }
}

public enum FirstRunStage
{
    Starting,
    GeneratingDemo,
    BuildingWarehouse,
    Ready,
    Failed,
}
