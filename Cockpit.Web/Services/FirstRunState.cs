namespace Cockpit.Web.Services;

/// <summary>Where the first run stands: the demo company may still be being generated in the background.</summary>
public sealed class FirstRunState
{
    private volatile FirstRunStage _stage = FirstRunStage.Starting;
    private volatile string _message = "正在启动 starting…";

    public FirstRunStage Stage => _stage;
    public string Message => _message;

    /// <summary>Raised on every change, from a background thread.</summary>
    public event Action? Changed;

    public void Set(FirstRunStage stage, string message)
    {
        _stage = stage;
        _message = message;
        Changed?.Invoke();
    }
}

public enum FirstRunStage
{
    Starting,
    GeneratingDemo,
    Ready,
    Failed,
}
