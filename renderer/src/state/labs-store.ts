// The Setup screen's list of labs (`lab.list`) and "Use this lab" (`lab.select`): a pure reducer
// in the shared store shape, flows that take the client and the stores, and the connection that
// reads the list again when a lab task ends (a lab came or went) or the connection came back.

import type { AppErrorInfo, Client, LabSummaryInfo } from '../../../core/contract';
import { toErrorInfo } from '../model/error-text';
import { labKey, optionsOfLab, selectorOfLab } from '../model/lab-list';
import { loadLabStatus, pickLab, type LabStore } from './lab-store';
import { createReducerStore, useStoreState, type ReducerStore, type StoreConnection } from './reducer-store';

export interface LabsState {
  labs: LabSummaryInfo[];
  loaded: boolean;
  /** Why the list could not be read (the lab card still works without it). */
  error: AppErrorInfo | null;
  /** The lab being made current (its labKey), until the core answers. */
  selecting: string | null;
  selectError: AppErrorInfo | null;
}

export type LabsAction =
  | { type: 'list-loaded'; labs: LabSummaryInfo[] }
  | { type: 'list-failed'; error: AppErrorInfo }
  | { type: 'select-requested'; key: string }
  | { type: 'select-done'; lab: LabSummaryInfo }
  | { type: 'select-failed'; error: AppErrorInfo };

export const initialLabsState: LabsState = { labs: [], loaded: false, error: null, selecting: null, selectError: null };

export function reduceLabs(state: LabsState, action: LabsAction): LabsState {
  switch (action.type) {
    case 'list-loaded':
      return { ...state, labs: action.labs, loaded: true, error: null };
    case 'list-failed':
      return { ...state, error: action.error };
    case 'select-requested':
      return { ...state, selecting: action.key, selectError: null };
    case 'select-done': {
      // Only one lab is current: the one just picked.
      const key = labKey(action.lab);
      return { ...state, selecting: null, labs: state.labs.map((lab) => (labKey(lab) === key ? action.lab : { ...lab, current: false })) };
    }
    case 'select-failed':
      return { ...state, selecting: null, selectError: action.error };
  }
}

export type LabsStore = ReducerStore<LabsState, LabsAction>;

export function createLabsStore(initial: LabsState = initialLabsState): LabsStore {
  return createReducerStore(reduceLabs, initial);
}

type LabsClient = Pick<Client, 'call'>;

/** Reads the labs this data folder knows; never throws. */
export async function loadLabs(client: LabsClient, store: LabsStore): Promise<void> {
  try {
    store.getState().dispatch({ type: 'list-loaded', labs: await client.call('lab.list', {}) });
  } catch (error) {
    store.getState().dispatch({ type: 'list-failed', error: toErrorInfo(error) });
  }
}

/** Makes the lab current, then shows it on the lab card; never throws. */
export async function makeLabCurrent(client: LabsClient, store: LabsStore, lab: LabSummaryInfo, labStore: LabStore): Promise<void> {
  if (store.getState().state.selecting) return;
  store.getState().dispatch({ type: 'select-requested', key: labKey(lab) });
  try {
    const picked = await client.call('lab.select', selectorOfLab(lab));
    store.getState().dispatch({ type: 'select-done', lab: picked });
  } catch (error) {
    store.getState().dispatch({ type: 'select-failed', error: toErrorInfo(error) });
    return;
  }
  pickLab(labStore, optionsOfLab(lab));
  await loadLabStatus(client, labStore);
}

/** A lab task that ended may have made or removed a lab: the list is read again then, and after a reconnect. */
export function connectLabsStore(client: Pick<Client, 'call' | 'on'>, store: LabsStore): StoreConnection {
  const off = client.on('task:update', (task) => {
    if ((task.kind === 'lab-up' || task.kind === 'lab-down') && task.state !== 'running') void loadLabs(client, store);
  });
  return {
    refresh: () => loadLabs(client, store),
    disconnect: off,
  };
}

export const labsStore = createLabsStore();

export function useLabsState<T>(select: (state: LabsState) => T): T {
  return useStoreState(labsStore, select);
}
