using Cockpit.Web;
using Cockpit.Web.Components;
using Cockpit.Web.Endpoints;
using Hangfire;
using Hangfire.Dashboard;

var builder = WebApplication.CreateBuilder(args);
builder.AddCockpitData();
builder.AddCockpitJobs();
builder.AddCockpitUi();

var app = builder.Build();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseRequestLocalization();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapCockpitEndpoints();
// local requests only until sign-in arrives
app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new LocalRequestsOnlyAuthorizationFilter()] });
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.UseCockpitSchedule();
app.Run();

/// <summary>Entry point, visible to the tests' web application factory.</summary>
public partial class Program;
