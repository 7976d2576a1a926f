// The sandboxed preload: exposes one small object, `window.meshdeck`, with the Bridge shape from
// the contract. No Electron object and no Node API reaches the page.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type Bridge, type Envelope } from '../../core/contract/protocol';

const bridge: Bridge = {
  call: (method, params) => ipcRenderer.invoke(IPC_CALL_CHANNEL, method, params) as Promise<Envelope<unknown>>,
  subscribe(listener) {
    const forward = (_event: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('meshdeck', bridge);
