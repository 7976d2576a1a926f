// Every Electron hardening MeshDeck applies, in one place, each citing the item of Electron's
// security checklist (https://www.electronjs.org/docs/latest/tutorial/security) it implements.

import { session, shell, type BrowserWindowConstructorOptions, type Session, type WebContents, type WebPreferences } from 'electron';
import { headerFilterUrls, navigationDecision, stripFramingHeaders } from './dashboard-policy';
import { isAppUrl, isSafeExternalUrl } from './sender-policy';

/** Checklist 2 (no Node integration for remote content), 3 (context isolation), 4 (sandbox), 5/6 (webSecurity, no insecure content). */
export function secureWebPreferences(preloadPath: string): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false, // Checklist 12: no <webview>; dashboards will use WebContentsView.
    spellcheck: false,
  };
}

/** Checklist 7: a Content Security Policy, also sent as a header so it covers every response. */
export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function installSessionPolicies(entryUrl: string): void {
  const appSession = session.defaultSession;
  appSession.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    if (isAppUrl(details.url, entryUrl)) headers['Content-Security-Policy'] = [APP_CSP];
    callback({ responseHeaders: headers });
  });
  // Checklist 5: deny every permission request (camera, notifications, geolocation, …).
  appSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  appSession.setPermissionCheckHandler(() => false);
}

/** Checklist 13 (limit navigation) and 14 (limit new windows); 15: openExternal only for safe URLs. */
export function lockNavigation(contents: WebContents, entryUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, entryUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, entryUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Checklist 15: the URL passed isSafeExternalUrl (http or https, no credentials) just above.
    if (isSafeExternalUrl(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
    return { action: 'deny' };
  });
}

/**
 * Dashboard panes (WebContentsView): checklist 2–4 and 6 as for the app, no preload at all (the
 * dashboards get no bridge to MeshDeck), and their own in-memory session (`partition`).
 */
export function dashboardWebPreferences(partition: string): WebPreferences {
  return {
    partition,
    preload: undefined,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  };
}

const lockedDashboardSessions = new WeakSet<Session>();

/**
 * A dashboard's session: checklist 5 (every permission request denied), no downloads, and the
 * framing headers dropped only for the dashboard's own origin (a second layer behind the monitor
 * route that strips Kiali's DENY). Calling it again for a new origin replaces the header rule.
 */
export function lockDashboardSession(dashboardSession: Session, origins: readonly string[]): void {
  dashboardSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  dashboardSession.setPermissionCheckHandler(() => false);
  if (!lockedDashboardSessions.has(dashboardSession)) {
    lockedDashboardSessions.add(dashboardSession);
    dashboardSession.on('will-download', (event) => event.preventDefault());
  }
  dashboardSession.webRequest.onHeadersReceived({ urls: headerFilterUrls(origins) }, (details, callback) => {
    callback({ responseHeaders: stripFramingHeaders(details.responseHeaders ?? {}, details.url, origins) });
  });
}

/**
 * Checklist 13–15 for a dashboard pane: navigation stays on its origin; links elsewhere open in
 * the system browser only when they are http(s) to a known host; no new windows, no webviews.
 */
export function lockDashboardNavigation(contents: WebContents, origin: string, knownHosts: readonly string[]): void {
  const guard = (event: { preventDefault(): void }, url: string, openOutside: boolean) => {
    const decision = navigationDecision(url, origin, knownHosts);
    if (decision === 'allow') return;
    event.preventDefault();
    // Checklist 15: 'external' means http(s) to a host the lab's status named (navigationDecision).
    if (decision === 'external' && openOutside) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
  };
  contents.on('will-navigate', (event, url) => guard(event, url, true));
  // A redirect off the dashboard is refused, never followed into the system browser.
  contents.on('will-redirect', (event, url) => guard(event, url, false));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Checklist 15: only the dashboard's own origin or http(s) to a known host gets past 'deny'.
    if (navigationDecision(url, origin, knownHosts) !== 'deny') void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
    return { action: 'deny' };
  });
}
