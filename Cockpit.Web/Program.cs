using Cockpit.Web;
using Cockpit.Web.Components;

var builder = WebApplication.CreateBuilder(args);
builder.AddCockpitSource();
builder.AddCockpitUi();

var app = builder.Build();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();

/// <summary>Entry point, visible to the tests' web application factory.</summary>
public partial class Program;
