using Cockpit.Web;
using Cockpit.Web.Components;
using Cockpit.Web.Endpoints;
using Cockpit.Web.Exports;
using Cockpit.Web.Security;

var builder = WebApplication.CreateBuilder(args);
// the demo environment serves the packages' static files (Blazor's, MudBlazor's) from the build, as Development does
if (builder.Environment.IsEnvironment(CockpitEnvironments.Demo)) builder.WebHost.UseStaticWebAssets();
builder.AddCockpitForwardedHeaders();
builder.AddCockpitData();
builder.AddCockpitJobs();
builder.AddCockpitSecurity();
builder.AddCockpitUi();

var app = builder.Build();
await IdentitySetup.InitializeAsync(app.Services);

app.UseCockpitForwardedHeaders();
// no stack trace ever reaches a user: /Error shows a reference that is also in the log
app.UseExceptionHandler("/Error", createScopeForErrors: true);
var local = CockpitEnvironments.IsLocal(app.Environment);
if (!local) app.UseHsts();
app.UseCockpitSecurityHeaders();
if (!local) app.UseHttpsRequired();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseReExecutionAsGet();
app.UseRequestLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.UseAntiforgeryRefusal();
app.UseHangfireFormGuard();
app.UseRateLimiter(); // sign-in attempts per client address (SignInThrottle)

app.MapStaticAssets().AllowAnonymous();
app.MapCockpitEndpoints();
app.MapAccountEndpoints();
app.MapAdminEndpoints();
app.MapBuildEndpoints();
app.MapExportEndpoints();
app.MapCockpitHangfireDashboard();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.UseCockpitSchedule();
app.Run();

/// <summary>Entry point, visible to the tests' web application factory.</summary>
public partial class Program;
