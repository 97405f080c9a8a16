// A small wrapper around ApexCharts (loaded globally from lib/apexcharts): render, update, destroy.
// Clicks on a data point call back into .NET (OnPointSelected) with the series and point index.
export function render(element, options, dotnet) {
    if (!element || !window.ApexCharts) return;
    const opts = structuredClone(options);
    opts.chart = opts.chart || {};
    if (dotnet) {
        opts.chart.events = {
            dataPointSelection: (event, context, config) => {
                dotnet.invokeMethodAsync('OnPointSelected', config.seriesIndex, config.dataPointIndex);
            },
        };
    }
    if (element._cockpitChart) element._cockpitChart.destroy();
    const chart = new window.ApexCharts(element, opts);
    element._cockpitChart = chart;
    chart.render();
}

export function update(element, options) {
    if (element && element._cockpitChart) element._cockpitChart.updateOptions(options, true, true);
}

export function destroy(element) {
    if (element && element._cockpitChart) {
        element._cockpitChart.destroy();
        element._cockpitChart = null;
    }
}
