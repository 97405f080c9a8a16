// A small wrapper around ApexCharts (loaded globally from lib/apexcharts): render, update, destroy.
// Clicks on a data point call back into .NET (OnPointSelected) with the series and point index.
// Charts follow the cockpit's light/dark theme (cockpit.js announces a change with the 'cockpit-theme' event).
const charts = new Set();

function isDark() {
    return window.localStorage.getItem('cockpit.dark') === '1';
}

function themeOptions(dark) {
    return {
        theme: { mode: dark ? 'dark' : 'light' },
        chart: { background: 'transparent', foreColor: dark ? '#d0d7de' : '#373d3f' },
    };
}

window.addEventListener('cockpit-theme', () => {
    const t = themeOptions(isDark());
    charts.forEach(c => c.updateOptions(t, false, false));
});

export function render(element, options, dotnet) {
    if (!element || !window.ApexCharts) return;
    const opts = structuredClone(options);
    const t = themeOptions(isDark());
    opts.theme = t.theme;
    opts.chart = Object.assign({}, opts.chart || {}, t.chart);
    if (dotnet) {
        opts.chart.events = {
            dataPointSelection: (event, context, config) => {
                dotnet.invokeMethodAsync('OnPointSelected', config.seriesIndex, config.dataPointIndex);
            },
        };
    }
    destroy(element);
    const chart = new window.ApexCharts(element, opts);
    element._cockpitChart = chart;
    charts.add(chart);
    chart.render();
}

export function update(element, options) {
    if (element && element._cockpitChart) element._cockpitChart.updateOptions(options, true, true);
}

export function destroy(element) {
    if (element && element._cockpitChart) {
        charts.delete(element._cockpitChart);
        element._cockpitChart.destroy();
        element._cockpitChart = null;
    }
}
