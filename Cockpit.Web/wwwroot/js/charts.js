// A small wrapper around ApexCharts (loaded globally from lib/apexcharts): render, update, destroy.
// Clicks on a data point call back into .NET (OnPointSelected) with the series and point index.
// Charts follow the cockpit's light/dark theme (cockpit.js announces a change with the 'cockpit-theme' event).
//
// Options come as JSON, which carries no functions. Two conventions (written by ChartFormat.cs):
//  - an object { cockpitFormat: ... } anywhere in the options becomes a formatter function:
//      { cockpitFormat: 'number', decimals: 2, prefix: '', suffix: '' }
//          a number with thousands separators and at most `decimals` decimals, no trailing zeros (25, 12.5, 1,200);
//          anything else (a category name) is returned as it is;
//      { cockpitFormat: 'lookup', texts: [...] }
//          texts[dataPointIndex] (a tooltip's value as a card writes it, a category's full name);
//  - a property whose value is null is left out, so that the C# side can leave an option unset (min: null).
const charts = new Set();

function isDark() {
    return window.localStorage.getItem('cockpit.dark') === '1';
}

// Text, grid lines and slice borders that follow the theme (MudBlazor's dark surface is #373740).
function themeOptions(dark, type) {
    const t = {
        theme: { mode: dark ? 'dark' : 'light' },
        chart: { background: 'transparent', foreColor: dark ? '#d0d7de' : '#373d3f' },
        grid: { borderColor: dark ? '#4a4f5a' : '#e0e0e0' },
        tooltip: { theme: dark ? 'dark' : 'light' },
    };
    if (type === 'donut' || type === 'pie') t.stroke = { colors: [dark ? '#373740' : '#ffffff'] };
    return t;
}

const numberFormats = new Map();

function numberFormatter(spec) {
    const decimals = Number.isInteger(spec.decimals) ? spec.decimals : 2;
    let nf = numberFormats.get(decimals);
    if (!nf) {
        nf = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: decimals });
        numberFormats.set(decimals, nf);
    }
    const prefix = spec.prefix || '';
    const suffix = spec.suffix || '';
    return (value) => (typeof value === 'number' && Number.isFinite(value) ? prefix + nf.format(value) + suffix : value);
}

function lookupFormatter(spec) {
    const texts = spec.texts || [];
    return (value, opts) => {
        const i = opts && Number.isInteger(opts.dataPointIndex) ? opts.dataPointIndex : -1;
        return i >= 0 && i < texts.length && texts[i] != null ? texts[i] : value;
    };
}

// Replaces formatter specs with functions and drops null properties, in place.
export function prepare(node) {
    if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) node[i] = prepare(node[i]);
        return node;
    }
    if (node === null || typeof node !== 'object') return node;
    if (typeof node.cockpitFormat === 'string') {
        switch (node.cockpitFormat) {
            case 'number': return numberFormatter(node);
            case 'lookup': return lookupFormatter(node);
            default: return undefined;
        }
    }
    for (const key of Object.keys(node)) {
        if (node[key] === null) delete node[key];
        else node[key] = prepare(node[key]);
    }
    return node;
}

window.addEventListener('cockpit-theme', () => {
    const dark = isDark();
    charts.forEach(c => c.updateOptions(themeOptions(dark, c.w && c.w.config.chart.type), false, false));
});

export function render(element, options, dotnet) {
    if (!element || !window.ApexCharts) return;
    // the options come as JSON text from ApexChart.razor.cs (an object is taken too)
    const opts = prepare(typeof options === 'string' ? JSON.parse(options) : structuredClone(options));
    const t = themeOptions(isDark(), opts.chart && opts.chart.type);
    opts.theme = t.theme;
    opts.chart = Object.assign({}, opts.chart || {}, t.chart);
    opts.grid = Object.assign({}, opts.grid || {}, t.grid);
    opts.tooltip = Object.assign({}, opts.tooltip || {}, t.tooltip);
    if (t.stroke) opts.stroke = Object.assign({}, opts.stroke || {}, t.stroke);
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
    if (element && element._cockpitChart) element._cockpitChart.updateOptions(prepare(structuredClone(options)), true, true);
}

export function destroy(element) {
    if (element && element._cockpitChart) {
        charts.delete(element._cockpitChart);
        element._cockpitChart.destroy();
        element._cockpitChart = null;
    }
}
