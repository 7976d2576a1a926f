import { describe, expect, it } from 'vitest';
import { AppError, type TaskInfo } from '../contract';
import { handlersWith } from '../../test/support/handlers';
import { createDispatcher, type Handlers } from './dispatcher';

const task: TaskInfo = { id: 't-1', kind: 'doctor', title: 'Check', state: 'running', step: 'x', percent: 0, logSeq: 0, startedAt: '2026-01-01T00:00:00.000Z' };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return handlersWith({
    'app.status': () => ({ version: '1', platform: 'linux', arch: 'x64', dataDir: '/d', downloadsDir: '/home/u', face: 'browser' }),
    'doctor.run': () => ({ taskId: 't-1' }),
    'task.list': () => [task],
    'task.get': ({ taskId }) => {
      throw new AppError('NOT_FOUND', `No task ${taskId}.`, { taskId });
    },
    'task.cancel': () => {
      throw new Error('disk on fire at /secret/path');
    },
    'lab.up': () => ({ taskId: 'lab-1' }),
    'lab.status': () => {
      throw new AppError('CLUSTER_NOT_FOUND', 'No lab.');
    },
    'lab.down': () => ({ taskId: 'lab-2' }),
    'lab.reset': () => ({ taskId: 'lab-3' }),
    'kube.contexts': () => [{ name: 'kind-meshdeck', cluster: 'kind-meshdeck', server: 'https://127.0.0.1:40123', current: true }],
    ...overrides,
  });
}

describe('dispatcher', () => {
  it('wraps a result in an ok envelope', async () => {
    const dispatcher = createDispatcher(handlers());
    expect(await dispatcher.dispatch('task.list', {})).toEqual({ ok: true, value: [task] });
    expect(await dispatcher.dispatch('doctor.run', undefined)).toEqual({ ok: true, value: { taskId: 't-1' } });
  });

  it('rejects unknown methods with INVALID_ARGUMENT', async () => {
    const envelope = await createDispatcher(handlers()).dispatch('cluster.explode', {});
    expect(envelope).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await createDispatcher(handlers()).dispatch('__proto__', {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await createDispatcher(handlers()).dispatch(42, {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('rejects malformed arguments before the handler runs, saying which field', async () => {
    let called = false;
    const dispatcher = createDispatcher(handlers({ 'doctor.run': () => ((called = true), { taskId: 'x' }) }));
    const envelope = await dispatcher.dispatch('doctor.run', { ports: ['8080'] });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', details: { path: 'ports[0]' } } });
    expect(called).toBe(false);
    expect(await dispatcher.dispatch('task.get', { taskId: 't-1', extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', details: { path: 'extra' } } });
    expect(await dispatcher.dispatch('task.get', 'nope')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('keeps the code, message and details of an AppError', async () => {
    const envelope = await createDispatcher(handlers()).dispatch('task.get', { taskId: 'abc' });
    expect(envelope).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No task abc.', details: { taskId: 'abc' } } });
  });

  it('turns unexpected exceptions into INTERNAL without leaking their text', async () => {
    const seen: unknown[] = [];
    const envelope = await createDispatcher(handlers(), { onUnexpectedError: (_method, error) => seen.push(error) }).dispatch('task.cancel', { taskId: 'a' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(envelope)).not.toContain('/secret/path');
    expect(seen).toHaveLength(1);
  });
});
