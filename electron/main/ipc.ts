// The Electron transport: exactly two channels. `call` is invoke/handle through the shared
// dispatcher; `event` pushes core events to the window. Every call's sender is validated and
// only plain data crosses (envelopes are JSON-shaped by construction).

import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { AppError, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type Envelope } from '../../core/contract';
import { CallerScope, type Dispatcher, type EventHub } from '../../core/rpc';
import { isTrustedSender } from './sender-policy';

export function registerIpc(window: BrowserWindow, entryUrl: string, dispatcher: Dispatcher, events: EventHub): () => void {
  // The page in the window: what it started (log streams, shells, generator runs) ends when the
  // page goes — reloaded, crashed or closed — and the next page is a new caller.
  let caller = new CallerScope();
  const pageGone = () => {
    caller.gone();
    caller = new CallerScope();
  };
  window.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) pageGone();
  });
  window.webContents.on('render-process-gone', pageGone);
  ipcMain.handle(IPC_CALL_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, params: unknown): Promise<Envelope<unknown>> => {
    const trusted = isTrustedSender(
      { frameUrl: event.senderFrame?.url, isMainFrame: event.senderFrame === event.sender.mainFrame, webContentsId: event.sender.id },
      { entryUrl, webContentsId: window.webContents.id },
    );
    if (!trusted) return { ok: false, error: new AppError('UNAUTHORIZED', 'This frame may not call MeshDeck.').toInfo() };
    return dispatcher.dispatch(method, params, caller);
  });
  const unsubscribe = events.subscribe((name, payload) => {
    if (!window.isDestroyed()) window.webContents.mainFrame.send(IPC_EVENT_CHANNEL, name, payload);
  });
  return () => {
    caller.gone();
    unsubscribe();
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
  };
}
