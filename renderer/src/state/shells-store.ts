// The Logs section's shells: one tab per session, several at once (like an editor's terminal
// tabs), and which tab is shown (the log, or one shell). A pure reducer in the shared store
// shape. The sessions themselves (the core's side, the output kept for the terminal) live beside
// it in shell-tabs.ts, so they outlive the screen: leaving Logs and coming back keeps them.

import type { AppErrorInfo, ShellOutputInfo, ShellSessionInfo } from '../../../core/contract';
import { createReducerStore, useStoreState, type ReducerStore } from './reducer-store';

/** Each shell is a process in the cluster and a socket on the core's side: a handful is plenty. */
export const SHELL_TAB_LIMIT = 6;

export const SHELL_LIMIT_MESSAGE = `${SHELL_TAB_LIMIT} shells are open, the most this page keeps at once. Close one (its × in the tab) to open another.`;

export interface ShellTarget {
  pod: string;
  container: string;
}

export type ShellExit = NonNullable<ShellOutputInfo['exit']>;

export type ShellTabPhase = 'opening' | 'open' | 'ended' | 'failed';

export interface ShellTab extends ShellTarget {
  id: string;
  /** The namespace it was opened in; choosing another one in the picker does not move it. */
  namespace: string | null;
  phase: ShellTabPhase;
  /** What the core started (bash, else sh), once open. */
  command: string | null;
  exit: ShellExit | null;
  error: AppErrorInfo | null;
  /** A command looks like it is running (model/shell-activity.ts says how that is told). */
  running: boolean;
  /** Bumped by "Start again": answers for the session before are ignored. */
  generation: number;
}

export interface ShellsState {
  tabs: ShellTab[];
  /** The shell tab shown, or null for the log. */
  active: string | null;
  /** Numbers tab ids; never reused, so a late answer for a closed tab cannot land on a new one. */
  opened: number;
  /** The tab whose closing waits for the user to confirm (a command is running in it). */
  confirming: string | null;
}

export type ShellsAction =
  | { type: 'tab-added'; target: ShellTarget; namespace: string | null }
  | { type: 'tab-shown'; id: string | null }
  | { type: 'close-asked'; id: string }
  | { type: 'close-dismissed' }
  | { type: 'tab-closed'; id: string }
  | { type: 'tab-restarted'; id: string }
  | { type: 'session-opened'; id: string; generation: number; session: ShellSessionInfo }
  | { type: 'session-exited'; id: string; generation: number; exit: ShellExit }
  | { type: 'session-failed'; id: string; generation: number; error: AppErrorInfo }
  | { type: 'running-changed'; id: string; generation: number; running: boolean }
  | { type: 'connection-lost'; refused?: boolean };

export function initialShellsState(): ShellsState {
  return { tabs: [], active: null, opened: 0, confirming: null };
}

/** The id the next added tab gets. */
export function nextTabId(state: ShellsState): string {
  return `shell-${state.opened + 1}`;
}

export function isLive(tab: ShellTab): boolean {
  return tab.phase === 'opening' || tab.phase === 'open';
}

/** Closing this tab would stop a command: ask first. */
export function closeNeedsConfirm(tab: ShellTab): boolean {
  return isLive(tab) && tab.running;
}

function updateTab(state: ShellsState, id: string, generation: number | null, change: (tab: ShellTab) => ShellTab): ShellsState {
  let changed = false;
  const tabs = state.tabs.map((tab) => {
    if (tab.id !== id || (generation !== null && tab.generation !== generation)) return tab;
    changed = true;
    return change(tab);
  });
  return changed ? { ...state, tabs } : state;
}

function addTab(state: ShellsState, target: ShellTarget, namespace: string | null): ShellsState {
  // The strip says so and offers no "New shell" at the limit; this only keeps the bound.
  if (state.tabs.length >= SHELL_TAB_LIMIT) return state;
  const tab: ShellTab = { id: nextTabId(state), pod: target.pod, container: target.container, namespace, phase: 'opening', command: null, exit: null, error: null, running: false, generation: 1 };
  return { ...state, tabs: [...state.tabs, tab], active: tab.id, opened: state.opened + 1 };
}

function closeTab(state: ShellsState, id: string): ShellsState {
  const index = state.tabs.findIndex((tab) => tab.id === id);
  if (index === -1) return state;
  const tabs = state.tabs.filter((tab) => tab.id !== id);
  // The closed tab's neighbour is shown, as editors do; the log once no shell is left.
  const active = state.active !== id ? state.active : (tabs[Math.min(index, tabs.length - 1)]?.id ?? null);
  return { ...state, tabs, active, confirming: state.confirming === id ? null : state.confirming };
}

const LOST: ShellExit = { code: null, message: 'MeshDeck stopped answering; Start again opens a new shell once it is back' };
// `refused`: this page's token is no longer taken (serve restarted); Start again cannot help here.
const REFUSED: ShellExit = { code: null, message: 'MeshDeck was restarted: open the new link from the terminal' };

export function reduceShells(state: ShellsState, action: ShellsAction): ShellsState {
  switch (action.type) {
    case 'tab-added':
      return addTab(state, action.target, action.namespace);
    case 'tab-shown':
      if (action.id !== null && !state.tabs.some((tab) => tab.id === action.id)) return state;
      return state.active === action.id ? state : { ...state, active: action.id };
    case 'close-asked':
      return state.tabs.some((tab) => tab.id === action.id) ? { ...state, confirming: action.id } : state;
    case 'close-dismissed':
      return state.confirming === null ? state : { ...state, confirming: null };
    case 'tab-closed':
      return closeTab(state, action.id);
    case 'tab-restarted':
      return updateTab(state, action.id, null, (tab) => ({ ...tab, phase: 'opening', command: null, exit: null, error: null, running: false, generation: tab.generation + 1 }));
    case 'session-opened':
      return updateTab(state, action.id, action.generation, (tab) => ({ ...tab, phase: 'open', command: action.session.command }));
    case 'session-exited':
      return updateTab(state, action.id, action.generation, (tab) => ({ ...tab, phase: 'ended', exit: action.exit, running: false }));
    case 'session-failed':
      return updateTab(state, action.id, action.generation, (tab) => ({ ...tab, phase: 'failed', error: action.error, running: false }));
    case 'running-changed':
      return updateTab(state, action.id, action.generation, (tab) => (tab.running === action.running || !isLive(tab) ? tab : { ...tab, running: action.running }));
    case 'connection-lost': {
      if (!state.tabs.some(isLive)) return state;
      const exit = action.refused ? REFUSED : LOST;
      return { ...state, tabs: state.tabs.map((tab) => (isLive(tab) ? { ...tab, phase: 'ended', exit, running: false } : tab)) };
    }
  }
}

export type ShellsStore = ReducerStore<ShellsState, ShellsAction>;

export function createShellsStore(): ShellsStore {
  return createReducerStore(reduceShells, initialShellsState());
}

export const shellsStore = createShellsStore();

export function useShellsState<T>(select: (state: ShellsState) => T): T {
  return useStoreState(shellsStore, select);
}
