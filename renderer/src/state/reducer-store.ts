// The one shape of the renderer's stores: a zustand vanilla store holding a plain state and a
// `dispatch` that runs the store's pure reducer. What calls the core lives beside each store as
// plain functions that take the client and the store, so tests hand in fakes; events and
// reconnects reach the stores in one place (connect-stores.ts).

import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';

export interface ReducerStoreValue<S, A> {
  state: S;
  dispatch(action: A): void;
}

export type ReducerStore<S, A> = StoreApi<ReducerStoreValue<S, A>>;

export function createReducerStore<S, A>(reduce: (state: S, action: A) => S, initial: S): ReducerStore<S, A> {
  return createStore<ReducerStoreValue<S, A>>((set) => ({
    state: initial,
    dispatch: (action) => set((current) => ({ state: reduce(current.state, action) })),
  }));
}

/** A component's view of a store: re-renders when the selected part changes. */
export function useStoreState<S, A, T>(store: ReducerStore<S, A>, select: (state: S) => T): T {
  return useStore(store, (value) => select(value.state));
}

/** What connecting a store to the client gives back: a re-read after a reconnect, and an end. */
export interface StoreConnection {
  /** The connection came back after a drop: events may have been missed, read what matters again. */
  refresh(): Promise<void>;
  disconnect(): void;
}
