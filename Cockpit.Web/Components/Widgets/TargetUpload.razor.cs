using System.Security.Claims;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;

namespace Cockpit.Web.Components.Widgets;

/// <summary>
/// Upload of a targets file (issue 12, item 6): checked by <see cref="TargetUploads"/> with the ETL's own rules; a
/// refused file's errors as a table (row, column, value, reason); an accepted file's status until a published build
/// holds it ("pending", then "live since"). The service decides who may upload what; this widget only shows it.
/// </summary>
public partial class TargetUpload : IDisposable
{
    [Inject] private TargetUploads Uploads { get; set; } = default!;
    [Inject] private BuildWatcher Watcher { get; set; } = default!;
    [Inject] private ILogger<TargetUpload> Logger { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    /// <summary>A department head's own department; null for an admin, who may upload for any department.</summary>
    [Parameter] public string? Department { get; set; }

    /// <summary>The picked file is not listed under the button: the result below says what became of it.</summary>
    private static readonly RenderFragment<IBrowserFile?> NoSelection = _ => _ => { };

    private ClaimsPrincipal _user = new();
    private bool _allowed;
    private bool _busy;
    private TargetUploadResult? _result;
    private TargetUploadStatus? _status;

    protected override void OnInitialized() => Watcher.BuildPublished += OnBuildPublished;

    protected override async Task OnParametersSetAsync()
    {
        _user = Authentication is null ? new ClaimsPrincipal() : (await Authentication).User;
        _allowed = TargetUploads.Scope(_user).allowed;
        RefreshStatus();
    }

    private void RefreshStatus()
    {
        try
        {
            _status = _result is { Accepted: true, StoredAs: { } file } ok ? Uploads.Status(file, ok.Sha256) : Uploads.Latest(_user);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Logger.LogWarning("Upload status cannot be read: {Message}", e.Message);
        }
    }

    private async Task OnFileAsync(IBrowserFile? file)
    {
        if (file is null) return;
        _busy = true;
        _result = null;
        StateHasChanged();
        try
        {
            var max = Uploads.MaxBytes;
            await using var stream = file.Size > max ? Stream.Null : file.OpenReadStream(max);
            _result = await Uploads.UploadAsync(_user, file.Name, stream, file.Size, Department);
        }
        finally
        {
            _busy = false;
        }
        RefreshStatus();
    }

    private void OnBuildPublished(Cockpit.Warehouse.BuildPointer pointer) => _ = InvokeAsync(() =>
    {
        RefreshStatus();
        StateHasChanged();
    });

    public void Dispose() => Watcher.BuildPublished -= OnBuildPublished;
}
