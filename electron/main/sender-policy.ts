// Decides whether an IPC message comes from the app's own renderer: the main frame of our
// window, showing our own page. Pure, so it is tested without Electron (whose binary cannot run
// in CI). Electron checklist item 17: "Validate the sender of all IPC messages".

export interface SenderFacts {
  /** URL of the frame that sent the message (event.senderFrame.url). */
  frameUrl: string | undefined;
  /** Whether that frame is its page's top frame (senderFrame === webContents.mainFrame). */
  isMainFrame: boolean;
  /** id of the WebContents that sent it. */
  webContentsId: number;
}

export interface AppPage {
  /** The renderer's entry URL: file:///…/index.html, or the dev server's URL. */
  entryUrl: string;
  /** id of the main window's WebContents. */
  webContentsId: number;
}

export function isTrustedSender(sender: SenderFacts, app: AppPage): boolean {
  if (!sender.isMainFrame || sender.webContentsId !== app.webContentsId || !sender.frameUrl) return false;
  return isAppUrl(sender.frameUrl, app.entryUrl);
}

/** Same page as the entry: for file: the same file, for http(s) the same origin (dev server). */
export function isAppUrl(candidate: string, entryUrl: string): boolean {
  let url: URL;
  let entry: URL;
  try {
    url = new URL(candidate);
    entry = new URL(entryUrl);
  } catch {
    return false;
  }
  if (entry.protocol === 'file:') return url.protocol === 'file:' && url.host === entry.host && url.pathname === entry.pathname;
  if (entry.protocol === 'http:' || entry.protocol === 'https:') return url.origin === entry.origin;
  return false;
}

/** Only http(s) URLs leave the app, and only to the system browser. */
export function isSafeExternalUrl(candidate: string): boolean {
  try {
    const url = new URL(candidate);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
