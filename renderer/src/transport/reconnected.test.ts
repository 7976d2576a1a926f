import { describe, expect, it } from 'vitest';
import { onReconnected } from './reconnected';
import type { ConnectionMonitor, ConnectionState } from './websocket-bridge';

function monitor() {
  const listeners = new Set<(state: ConnectionState) => void>();
  const connection: ConnectionMonitor = {
    state: 'open',
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { connection, emit: (state: ConnectionState) => listeners.forEach((l) => l(state)), size: () => listeners.size };
}

describe('onReconnected', () => {
  it('fires once per comeback after a drop, never for an open without a drop, and stops when unsubscribed', () => {
    const { connection, emit, size } = monitor();
    let calls = 0;
    const stop = onReconnected(connection, () => calls++);
    emit('open');
    expect(calls).toBe(0);
    emit('reconnecting');
    emit('reconnecting');
    emit('open');
    emit('open');
    expect(calls).toBe(1);
    emit('reconnecting');
    emit('open');
    expect(calls).toBe(2);
    stop();
    expect(size()).toBe(0);
  });
});
