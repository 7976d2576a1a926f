// Every Electron hardening MeshDeck applies, in one place, each citing the item of Electron's
// security checklist (https://www.electronjs.org/docs/latest/tutorial/security) it implements.

import { session, shell, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
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
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
