// Per-browser preferences.
export function getDarkMode() {
    return window.localStorage.getItem('cockpit.dark') === '1';
}

export function setDarkMode(dark) {
    window.localStorage.setItem('cockpit.dark', dark ? '1' : '0');
    window.dispatchEvent(new Event('cockpit-theme'));
}

// A file the server prepared (an export): downloaded without leaving the page.
export function download(url) {
    const a = document.createElement('a');
    a.href = url;
    a.download = '';
    document.body.appendChild(a);
    a.click();
    a.remove();
}
