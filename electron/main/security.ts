// Every Electron hardening MeshDeck applies, in one place, each citing the item of Electron's
// security checklist (https://www.electronjs.org/docs/latest/tutorial/security) it implements.
// Each WebContents is guarded from its creation (hardenEveryWebContents); what the guard lets
// through is the policy its owner claims it with: the app window, or a dashboard pane.

import { app, session, shell, type BrowserWindowConstructorOptions, type Session, type WebContents, type WebPreferences } from 'electron';
import { headerFilterUrls, navigationDecision, stripFramingHeaders, type NavigationDecision } from './dashboard-policy';
import { APP_CSP } from './renderer-protocol';
import { isAppUrl, isSafeExternalUrl, type LabUrls } from './sender-policy';

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

/** Checklist 5: no permission (camera, notifications, geolocation, …) for any page of the session. */
function denyPermissions(target: Session): void {
  target.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
}

/**
 * Checklist 7 for the dev server: its responses get APP_CSP as a header (app:// responses carry
 * it already, renderer-protocol.ts). Nothing else of the default session's traffic is touched.
 */
export function applyCspToDevServer(devServerUrl: string): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    if (isAppUrl(details.url, devServerUrl)) headers['Content-Security-Policy'] = [APP_CSP];
    callback({ responseHeaders: headers });
  });
}

/** What one WebContents may do; its owner (the app window, a dashboard pane) says. */
interface ContentsPolicy {
  /** A navigation the page started itself, or a redirect: stay, leave for the system browser, or neither. */
  navigation(url: string): NavigationDecision;
  /** window.open and target=_blank never make a window; true sends the URL to the system browser. */
  opensExternally(url: string): boolean | Promise<boolean>;
}

/** A WebContents nobody claimed (DevTools, anything Electron makes on its own) may go nowhere. */
const NOTHING_ALLOWED: ContentsPolicy = { navigation: () => 'deny', opensExternally: () => false };
const guarded = new WeakSet<WebContents>();
const policies = new WeakMap<WebContents, ContentsPolicy>();

const policyOf = (contents: WebContents): ContentsPolicy => policies.get(contents) ?? NOTHING_ALLOWED;

function guardNavigation(contents: WebContents, event: { preventDefault(): void }, url: string, mayLeave: boolean): void {
  const decision = policyOf(contents).navigation(url);
  if (decision === 'allow') return;
  event.preventDefault();
  // Checklist 15: 'external' comes only from a policy that checked the URL (http(s), a known host).
  if (decision === 'external' && mayLeave) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
}

async function openOutside(contents: WebContents, url: string): Promise<void> {
  // A policy that cannot decide (the lab's status unreadable) opens nothing.
  const allowed = await Promise.resolve(policyOf(contents).opensExternally(url)).catch(() => false);
  // Checklist 15: the URL passed the policy's allow-list (sender-policy.ts, dashboard-policy.ts) just above.
  if (allowed) await shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
}

/**
 * Checklist 5, 12, 13 and 14 for every WebContents the app ever has, from the moment Electron
 * creates it: no permissions, no <webview>, navigations and redirects only where its policy
 * allows (none until one is given), and no new window at all — window.open is denied and only
 * sends an allowed URL to the system browser. Call once, before any window exists.
 */
export function hardenEveryWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    guarded.add(contents);
    denyPermissions(contents.session);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('will-navigate', (event, url) => guardNavigation(contents, event, url, true));
    // A redirect off the allowed origin is refused, never followed into the system browser.
    contents.on('will-redirect', (event, url) => guardNavigation(contents, event, url, false));
    contents.setWindowOpenHandler(({ url }) => {
      void openOutside(contents, url);
      return { action: 'deny' };
    });
  });
}

function claim(contents: WebContents, policy: ContentsPolicy): void {
  // Fail at once rather than leave a window with no guard: the hook has to see every WebContents.
  if (!guarded.has(contents)) throw new Error('hardenEveryWebContents() must run before any window or view is created.');
  policies.set(contents, policy);
}

/**
 * The app window: its page stays on the app's origin (checklist 13); links leave only for URLs
 * the app built for the lab, read from the lab's status when a link is followed (checklist 15).
 */
export function lockNavigation(contents: WebContents, entryUrl: string, labUrls: () => Promise<LabUrls>): void {
  claim(contents, {
    navigation: (url) => (isAppUrl(url, entryUrl) ? 'allow' : 'deny'),
    opensExternally: async (url) => isSafeExternalUrl(url, await labUrls()),
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
  denyPermissions(dashboardSession);
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
 * the system browser only when they are http(s) to a known host (dashboard-policy.ts decides).
 */
export function lockDashboardNavigation(contents: WebContents, origin: string, knownHosts: readonly string[]): void {
  claim(contents, {
    navigation: (url) => navigationDecision(url, origin, knownHosts),
    opensExternally: (url) => navigationDecision(url, origin, knownHosts) !== 'deny',
  });
}
