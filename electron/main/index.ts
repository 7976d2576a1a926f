// The desktop face: one window running the renderer, the core in this process, the IPC
// transport between them. The main process stays thin; all behaviour lives in core/.

import { join } from 'node:path';
import { app, BrowserWindow, session } from 'electron';
import { appDataDir, createCore, defaultLab } from '../../core/app';
import { createDoctorDeps } from '../../core/doctor';
import { DashboardViews } from './dashboard-views';
import { registerIpc } from './ipc';
import { RENDERER_ENTRY_URL } from './renderer-protocol';
import { registerRendererScheme, serveRenderer } from './renderer-scheme';
import { hardenEveryWebContents, applyCspToDevServer, lockNavigation, secureWebPreferences } from './security';

// electron-vite sets this in `npm run dev`; packaged and preview builds load the built renderer
// from app://meshdeck (checklist 18: never file://).
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const entryUrl = devServerUrl ?? RENDERER_ENTRY_URL;

if (!app.requestSingleInstanceLock()) app.quit();
// Both before 'ready': the scheme's privileges can only be registered then, and the hook must
// see the first WebContents.
registerRendererScheme();
hardenEveryWebContents();

async function createMainWindow(): Promise<void> {
  // Electronegativity reads only literal options, so it cannot see that secureWebPreferences()
  // sets contextIsolation and sandbox (checklist 3, 4) or that hardenEveryWebContents() denies
  // every new window, middle-click ones included (checklist 14); security.ts is where both live.
  const window = new BrowserWindow({ // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'MeshDeck',
    backgroundColor: '#15171c',
    show: false,
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.cjs')),
  });
  // The lab's addresses, from the core: where dashboards may load, which links may leave the app.
  const labUrls = async () => (await core.lab.status({})).urls;
  // Dashboards are WebContentsViews in this window.
  const dashboards = new DashboardViews(window, { dashboardUrls: async () => (await labUrls()).dashboards });
  const core = createCore({
    face: 'desktop',
    dataDir: appDataDir(),
    doctorDeps: (ports) => createDoctorDeps(process.env, ports ? { ports } : {}),
    lab: defaultLab(process.env),
    dashboardPanes: dashboards.handlers(),
    onUnexpectedError: (where, error) => console.error(`unexpected error in ${where}:`, error),
  });
  if (devServerUrl) applyCspToDevServer(devServerUrl);
  else serveRenderer(session.defaultSession, join(__dirname, '../renderer'));
  lockNavigation(window.webContents, entryUrl, labUrls);
  const unregister = registerIpc(window, entryUrl, core.dispatcher, core.events);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    unregister();
    dashboards.dispose();
    core.dispose();
  });

  await window.loadURL(entryUrl);
}

app.on('second-instance', () => {
  const [window] = BrowserWindow.getAllWindows();
  if (window) {
    if (window.isMinimized()) window.restore();
    window.focus();
  }
});
app.on('window-all-closed', () => app.quit());
void app.whenReady().then(createMainWindow);
