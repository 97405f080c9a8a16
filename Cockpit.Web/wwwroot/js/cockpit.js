// Per-browser preferences.
export function getDarkMode() {
    return window.localStorage.getItem('cockpit.dark') === '1';
}

export function setDarkMode(dark) {
    window.localStorage.setItem('cockpit.dark', dark ? '1' : '0');
    window.dispatchEvent(new Event('cockpit-theme'));
}
