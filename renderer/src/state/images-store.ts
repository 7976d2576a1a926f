// The Setup screen's image list: what `images.list` last said for the lab shown (every image the
// lab needs, on this computer and in its node), whether a read is on its way, and why the last
// one failed. It reads again when a lab or kit task ends (the node or the host changed) and after
// a reconnect. A pure reducer in the shared store shape; flows take the client and the store.

import type { AppErrorInfo, Client, ImagesReportInfo, MethodParams } from '../../../core/contract';
import { toErrorInfo } from '../model/error-text';
import { createReducerStore, useStoreState, type ReducerStore, type StoreConnection } from './reducer-store';

export type ImagesQuery = MethodParams<'images.list'>;

export interface ImagesState {
  report: ImagesReportInfo | null;
  /** The lab last asked about; reads after task ends ask about it again. */
  query: ImagesQuery | null;
  loading: boolean;
  error: AppErrorInfo | null;
}

export type ImagesAction = { type: 'list-requested'; query: ImagesQuery } | { type: 'list-loaded'; query: ImagesQuery; report: ImagesReportInfo } | { type: 'list-failed'; query: ImagesQuery; error: AppErrorInfo };

export const initialImagesState: ImagesState = { report: null, query: null, loading: false, error: null };

const sameQuery = (a: ImagesQuery | null, b: ImagesQuery) => JSON.stringify(a) === JSON.stringify(b);

export function reduceImages(state: ImagesState, action: ImagesAction): ImagesState {
  switch (action.type) {
    case 'list-requested':
      // Another lab's list is not this one's: drop it rather than show it under the wrong lab.
      return { ...state, query: action.query, loading: true, error: null, report: sameQuery(state.query, action.query) ? state.report : null };
    case 'list-loaded':
      return sameQuery(state.query, action.query) ? { ...state, loading: false, report: action.report, error: null } : state;
    case 'list-failed':
      return sameQuery(state.query, action.query) ? { ...state, loading: false, error: action.error } : state;
  }
}

export type ImagesStore = ReducerStore<ImagesState, ImagesAction>;

export function createImagesStore(initial: ImagesState = initialImagesState): ImagesStore {
  return createReducerStore(reduceImages, initial);
}

export const imagesStore = createImagesStore();

export function useImagesState<T>(select: (state: ImagesState) => T): T {
  return useStoreState(imagesStore, select);
}

/** Reads the lab's image list; never throws (a failure is kept as the store's error). */
export async function loadImages(client: Pick<Client, 'call'>, store: ImagesStore, query: ImagesQuery): Promise<void> {
  store.getState().dispatch({ type: 'list-requested', query });
  try {
    const report = await client.call('images.list', query);
    store.getState().dispatch({ type: 'list-loaded', query, report });
  } catch (error) {
    store.getState().dispatch({ type: 'list-failed', query, error: toErrorInfo(error) });
  }
}

/** Tasks whose end changes where images are: a lab built or deleted, a kit imported. */
const CHANGES_IMAGES = new Set(['lab-up', 'lab-down', 'kit-import']);

export function connectImagesStore(client: Pick<Client, 'call' | 'on'>, store: ImagesStore): StoreConnection {
  const again = async () => {
    const { query } = store.getState().state;
    if (query) await loadImages(client, store, query);
  };
  // A task's end may be heard more than once (an update, then a resync): read once per task.
  const ended = new Set<string>();
  const off = client.on('task:update', (task) => {
    if (!CHANGES_IMAGES.has(task.kind) || task.state === 'running' || ended.has(task.id)) return;
    ended.add(task.id);
    void again();
  });
  return { refresh: again, disconnect: off };
}
