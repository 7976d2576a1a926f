// The composition root's own rules, with a stand-in lab: user-chosen binaries only from the CLI face.
import { describe, expect, it } from 'vitest';
import { AppError, type TaskInfo } from '../contract';
import type { LabRequest, LabServiceWithRequests } from '../lab';
import { createCore } from './create-core';

const task: TaskInfo = { id: 'task-1', kind: 'lab-up', title: 'Create my mesh', state: 'running', step: 'Starting', percent: 0, logSeq: 0, startedAt: '2026-01-01T00:00:00.000Z' };

function coreWithLab(face: 'desktop' | 'browser' | 'cli') {
  const requests: LabRequest[] = [];
  const notHere = (): never => {
    throw new AppError('INVALID_ARGUMENT', 'not in this test');
  };
  const lab: LabServiceWithRequests = {
    upWith: (request) => {
      requests.push(request);
      return task;
    },
    up: notHere,
    status: notHere,
    down: notHere,
    removal: notHere,
    list: notHere,
    select: notHere,
    reset: notHere,
    contexts: notHere,
    target: notHere,
  };
  const core = createCore({ face, dataDir: '/nonexistent/meshdeck', doctorDeps: notHere, lab: () => lab });
  return { core, requests };
}

describe('createCore', () => {
  it('hands a CLI command’s own kind and istioctl to the lab', async () => {
    const { core, requests } = coreWithLab('cli');
    const answer = await core.dispatcher.dispatch('lab.up', { name: 'meshdeck', kindPath: '/opt/kind', istioctlPath: './istioctl' });
    expect(answer).toEqual({ ok: true, value: { taskId: 'task-1' } });
    expect(requests).toEqual([{ name: 'meshdeck', kindPath: '/opt/kind', istioctlPath: './istioctl' }]);
    core.dispose();
  });

  it.each(['desktop', 'browser'] as const)('refuses binaries named by the %s face, before the lab sees them', async (face) => {
    const { core, requests } = coreWithLab(face);
    const answer = await core.dispatcher.dispatch('lab.up', { kindPath: '/tmp/evil' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', details: { path: 'kindPath' } } });
    expect(requests).toEqual([]);
    expect(await core.dispatcher.dispatch('lab.up', {})).toMatchObject({ ok: true });
    core.dispose();
  });
});
