import { describe, expect, it } from 'vitest';
import { SHELL_TAB_LIMIT, closeNeedsConfirm, initialShellsState, reduceShells, type ShellsAction, type ShellsState } from './shells-store';

const productpage = { pod: 'productpage-v1-6bd8f5b5d9-n7xkq', container: 'productpage' };
const reviews = { pod: 'reviews-v2-69c6c9d68b-q7w2e', container: 'reviews' };
const bash = (sessionId: string) => ({ sessionId, pod: productpage.pod, container: productpage.container, command: 'bash' });

function reduce(...actions: ShellsAction[]): ShellsState {
  return actions.reduce(reduceShells, initialShellsState());
}

describe('shell tabs', () => {
  it('opens another tab for each New shell, in the namespace it was opened in, and shows the newest', () => {
    const state = reduce({ type: 'tab-added', target: productpage, namespace: 'default' }, { type: 'tab-added', target: reviews, namespace: 'default' }, { type: 'tab-added', target: productpage, namespace: 'bookinfo' });
    expect(state.tabs.map((tab) => [tab.id, tab.pod, tab.namespace, tab.phase])).toEqual([
      ['shell-1', productpage.pod, 'default', 'opening'],
      ['shell-2', reviews.pod, 'default', 'opening'],
      ['shell-3', productpage.pod, 'bookinfo', 'opening'],
    ]);
    expect(state.active).toBe('shell-3');
  });

  it('opens no more than the limit', () => {
    const full = reduce(...Array.from({ length: SHELL_TAB_LIMIT }, () => ({ type: 'tab-added', target: productpage, namespace: null }) as const));
    expect(full.tabs).toHaveLength(SHELL_TAB_LIMIT);
    expect(reduceShells(full, { type: 'tab-added', target: reviews, namespace: null })).toBe(full);
  });

  it('shows the log or a tab that exists, nothing else', () => {
    const state = reduce({ type: 'tab-added', target: productpage, namespace: null });
    expect(reduceShells(state, { type: 'tab-shown', id: null }).active).toBeNull();
    expect(reduceShells(state, { type: 'tab-shown', id: 'shell-9' })).toBe(state);
  });

  it('follows each session: open with its command, ended with its exit, failed with the reason', () => {
    const open = reduce({ type: 'tab-added', target: productpage, namespace: null }, { type: 'session-opened', id: 'shell-1', generation: 1, session: bash('s-1') });
    expect(open.tabs[0]).toMatchObject({ phase: 'open', command: 'bash' });
    expect(reduceShells(open, { type: 'session-exited', id: 'shell-1', generation: 1, exit: { code: 0 } }).tabs[0]).toMatchObject({ phase: 'ended', exit: { code: 0 } });
    const failed = reduceShells(open, { type: 'session-failed', id: 'shell-1', generation: 1, error: { code: 'NOT_FOUND', message: 'The pod is gone.' } });
    expect(failed.tabs[0]).toMatchObject({ phase: 'failed', error: { code: 'NOT_FOUND' } });
  });

  it('ignores answers for a session before Start again', () => {
    const ended = reduce({ type: 'tab-added', target: productpage, namespace: null }, { type: 'session-exited', id: 'shell-1', generation: 1, exit: { code: 1 } });
    const again = reduceShells(ended, { type: 'tab-restarted', id: 'shell-1' });
    expect(again.tabs[0]).toMatchObject({ phase: 'opening', generation: 2, exit: null });
    expect(reduceShells(again, { type: 'session-opened', id: 'shell-1', generation: 1, session: bash('old') })).toBe(again);
  });

  it('asks before closing only while a command is running in a live shell', () => {
    const open = reduce({ type: 'tab-added', target: productpage, namespace: null }, { type: 'session-opened', id: 'shell-1', generation: 1, session: bash('s-1') });
    expect(closeNeedsConfirm(open.tabs[0]!)).toBe(false);
    const busy = reduceShells(open, { type: 'running-changed', id: 'shell-1', generation: 1, running: true });
    expect(closeNeedsConfirm(busy.tabs[0]!)).toBe(true);
    // An ended shell has nothing left to stop.
    expect(closeNeedsConfirm(reduceShells(busy, { type: 'session-exited', id: 'shell-1', generation: 1, exit: { code: 0 } }).tabs[0]!)).toBe(false);
    const asked = reduceShells(busy, { type: 'close-asked', id: 'shell-1' });
    expect(asked.confirming).toBe('shell-1');
    expect(reduceShells(asked, { type: 'close-dismissed' }).confirming).toBeNull();
    expect(reduceShells(asked, { type: 'tab-closed', id: 'shell-1' })).toMatchObject({ tabs: [], confirming: null, active: null });
  });

  it('shows the neighbour of a closed tab that was shown, and never reuses an id', () => {
    const three = reduce(
      { type: 'tab-added', target: productpage, namespace: null },
      { type: 'tab-added', target: reviews, namespace: null },
      { type: 'tab-added', target: productpage, namespace: null },
      { type: 'tab-shown', id: 'shell-2' },
    );
    const closed = reduceShells(three, { type: 'tab-closed', id: 'shell-2' });
    expect(closed.active).toBe('shell-3');
    expect(reduceShells(closed, { type: 'tab-closed', id: 'shell-3' }).active).toBe('shell-1');
    expect(reduceShells(closed, { type: 'tab-added', target: reviews, namespace: null }).tabs.at(-1)?.id).toBe('shell-4');
    // Closing a tab that is not shown leaves the shown one.
    expect(reduceShells(three, { type: 'tab-closed', id: 'shell-1' }).active).toBe('shell-2');
  });

  it('ends every live tab when the connection is lost, and leaves ended ones as they were', () => {
    const state = reduce(
      { type: 'tab-added', target: productpage, namespace: null },
      { type: 'session-opened', id: 'shell-1', generation: 1, session: bash('s-1') },
      { type: 'running-changed', id: 'shell-1', generation: 1, running: true },
      { type: 'tab-added', target: reviews, namespace: null },
      { type: 'session-exited', id: 'shell-2', generation: 1, exit: { code: 0 } },
    );
    const lost = reduceShells(state, { type: 'connection-lost' });
    expect(lost.tabs[0]).toMatchObject({ phase: 'ended', running: false, exit: { code: null, message: expect.stringMatching(/MeshDeck stopped answering/) } });
    expect(lost.tabs[1]).toBe(state.tabs[1]);
    expect(reduceShells(lost, { type: 'connection-lost' })).toBe(lost);
    const refused = reduceShells(state, { type: 'connection-lost', refused: true });
    expect(refused.tabs[0]?.exit?.message).toMatch(/MeshDeck was restarted: open the new link from the terminal/);
  });
});
