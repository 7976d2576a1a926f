// App-wide state: which section is shown and what the core says about itself (version, face).
// The section mirrors the location hash so a reload stays where the user was. A pure reducer
// in the shared store shape, like every other store.

import type { AppErrorInfo, AppStatusInfo, Client } from '../../../core/contract';
import { toErrorInfo } from '../model/error-text';
import type { SectionId } from '../model/sections';
import { createReducerStore, useStoreState, type ReducerStore, type StoreConnection } from './reducer-store';

export interface AppState {
  section: SectionId;
  status: AppStatusInfo | null;
  statusError: AppErrorInfo | null;
}

export type AppAction = { type: 'section-shown'; section: SectionId } | { type: 'status-loaded'; status: AppStatusInfo } | { type: 'status-failed'; error: AppErrorInfo };

export const initialAppState: AppState = { section: 'setup', status: null, statusError: null };

export function reduceApp(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'section-shown':
      return action.section === state.section ? state : { ...state, section: action.section };
    case 'status-loaded':
      return { ...state, status: action.status, statusError: null };
    case 'status-failed':
      return { ...state, statusError: action.error };
  }
}

export type AppStore = ReducerStore<AppState, AppAction>;

export const appStore: AppStore = createReducerStore(reduceApp, initialAppState);

export function useAppState<T>(select: (state: AppState) => T): T {
  return useStoreState(appStore, select);
}

export function showSection(section: SectionId, store: AppStore = appStore): void {
  store.getState().dispatch({ type: 'section-shown', section });
}

/** Reads what the core says about itself; never throws. */
export async function loadStatus(client: Pick<Client, 'call'>, store: AppStore): Promise<void> {
  try {
    store.getState().dispatch({ type: 'status-loaded', status: await client.call('app.status', {}) });
  } catch (error) {
    store.getState().dispatch({ type: 'status-failed', error: toErrorInfo(error) });
  }
}

/** The core's status is read when the app connects, and again after a reconnect. */
export function connectAppStore(client: Pick<Client, 'call'>, store: AppStore): StoreConnection {
  void loadStatus(client, store);
  return { refresh: () => loadStatus(client, store), disconnect: () => undefined };
}
