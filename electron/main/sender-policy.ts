// What counts as the app's own page, as pure functions (Electron's binary cannot run in CI): the
// app's origin, whether an IPC message comes from the main frame of our window showing it
// (checklist 17: "Validate the sender of all IPC messages"), and which links from it may leave
// for the system browser (checklist 15).

import type { LabStatusInfo } from '../../core/contract';
import { isPlainHttp, parseUrl } from './plain-url';
import { RENDERER_SCHEME } from './renderer-protocol';

export interface SenderFacts {
  /** URL of the frame that sent the message (event.senderFrame.url). */
  frameUrl: string | undefined;
  /** Whether that frame is its page's top frame (senderFrame === webContents.mainFrame). */
  isMainFrame: boolean;
  /** id of the WebContents that sent it. */
  webContentsId: number;
}

export interface AppPage {
  /** The renderer's entry URL: app://meshdeck/index.html, or the dev server's URL. */
  entryUrl: string;
  /** id of the main window's WebContents. */
  webContentsId: number;
}

export function isTrustedSender(sender: SenderFacts, app: AppPage): boolean {
  if (!sender.isMainFrame || sender.webContentsId !== app.webContentsId || !sender.frameUrl) return false;
  return isAppUrl(sender.frameUrl, app.entryUrl);
}

/** The schemes the app's page comes from: its own scheme, or electron-vite's dev server. */
const APP_SCHEMES = [`${RENDERER_SCHEME}:`, 'http:', 'https:'];

/** Same origin as the entry (scheme, host and port): app://meshdeck, or the dev server's origin. */
export function isAppUrl(candidate: string, entryUrl: string): boolean {
  const url = parseUrl(candidate);
  const entry = parseUrl(entryUrl);
  if (!url || !entry || !APP_SCHEMES.includes(entry.protocol)) return false;
  return url.protocol === entry.protocol && url.host === entry.host && url.username === '' && url.password === '';
}

/** Where the lab answers: the URLs the app built for it (lab.status). */
export type LabUrls = LabStatusInfo['urls'];

function isLocalhost(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost');
}

/**
 * A link from the app's window leaves for the system browser only when it is a URL the app built
 * for the lab: plain http(s) on the origin of Bookinfo or of a dashboard, or a *.localhost host on
 * one of those ports (the lab's gateway answers every host name there). Anything else is refused.
 */
export function isSafeExternalUrl(candidate: string, lab: LabUrls): boolean {
  const url = parseUrl(candidate);
  if (!url || !isPlainHttp(url)) return false;
  const built = [lab.bookinfo, ...Object.values(lab.dashboards)].map(parseUrl).filter((known): known is URL => known !== undefined && isPlainHttp(known));
  if (built.some((known) => known.origin === url.origin)) return true;
  return isLocalhost(url.hostname) && built.some((known) => known.protocol === url.protocol && known.port === url.port);
}
