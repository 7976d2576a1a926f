// The workshop engine against one world lab, with the fixture pack: a lesson's check fails on a
// fresh lab with the pack's message, solve makes it pass (the object and the split seen through
// the gateway), reset brings the failure back; a traffic check from the curl pod; progress kept.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TaskInfo, WorkshopCheckInfo, WorkshopTaskResultInfo } from '../contract';
import { TaskManager } from '../tasks';
import { describeWithIstioReference } from '../../test/support/reference-suite';
import { requireIstioReference } from '../../test/support/istio-reference';
import { startWorldLab, type WorldLab } from '../../test/support/world-lab';
import { WorkshopService } from './workshop-service';
import type { LabHandle } from './workshop-work';

const FIXTURE = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'workshop', 'mini');

describeWithIstioReference('workshop engine against the world', () => {
  let lab: WorldLab;
  let dataDir: string;
  let service: WorkshopService;
  const changed: string[] = [];
  const waiting = new Map<string, (task: TaskInfo) => void>();
  const tasks = new TaskManager({ onUpdate: (task) => task.state !== 'running' && waiting.get(task.id)?.(task) });

  beforeAll(async () => {
    lab = await startWorldLab({ seed: 18 });
    dataDir = await mkdtemp(join(tmpdir(), 'meshdeck-workshop-'));
    const samplesDir = async () => join(requireIstioReference('workshop'), 'samples');
    const labHandle: LabHandle = {
      check: async (lesson, task) => ({ clients: lab.clients, target: { kubeconfigPath: '', context: lab.context, namespace: 'default', bookinfoUrl: `${lab.mesh.url}/productpage` }, samplesDir, namespace: lesson.namespaces[0] ?? 'default', signal: task.signal }),
      action: async (lesson, task) => ({ clients: lab.clients, samplesDir, namespace: lesson.namespaces[0] ?? 'default', signal: task.signal, log: () => undefined }),
      resetRouting: async () => undefined,
    };
    service = new WorkshopService({ tasks, dataDir, builtInDir: dirname(FIXTURE), labKey: async () => lab.context, istioVersion: async () => undefined, lab: labHandle, emit: (info) => changed.push(`${info.pack}:${info.lesson ?? ''}`) });
  }, 60_000);

  afterAll(async () => {
    tasks.cancelAll();
    await lab?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function finished(ref: { taskId: string }): Promise<WorkshopTaskResultInfo> {
    const known = tasks.get(ref.taskId);
    const task = known.state !== 'running' ? known : await new Promise<TaskInfo>((resolve) => waiting.set(ref.taskId, resolve));
    if (task.state !== 'succeeded') throw new Error(`${task.title}: ${task.state} ${JSON.stringify(task.error)}`);
    return task.result as WorkshopTaskResultInfo;
  }

  async function check(lesson: string): Promise<WorkshopCheckInfo> {
    const result = await finished(await service.check('mini', lesson));
    if (result.kind !== 'workshop-check') throw new Error(`not a check: ${result.kind}`);
    return result.check;
  }

  it('route-v1: fails on a fresh lab with the message, passes after solve, fails again after reset', async () => {
    await finished(await service.start('mini', 'route-v1'));
    const fresh = await check('route-v1');
    expect(fresh.passed).toBe(false);
    const [object, traffic] = fresh.tasks[0]?.results ?? [];
    expect(object).toMatchObject({ passed: false, found: 'absent', message: 'There is no VirtualService reviews sending everything to subset v1.' });
    expect(traffic?.passed).toBe(false);

    await finished(await service.solve('mini', 'route-v1', undefined));
    await lab.mesh.until((s) => s.virtualServices.some((v) => v.name === 'reviews'), AbortSignal.timeout(10_000));
    const solved = await check('route-v1');
    expect(solved.tasks[0]?.results.map((r) => `${r.passed} ${r.found}`)).toEqual([expect.stringMatching(/^true /), expect.stringMatching(/^true v1 100 %/)]);
    expect(solved.passed).toBe(true);
    expect((await service.pack('mini')).lessonList[0]).toMatchObject({ state: 'passed', tasksPassed: 1 });

    const reset = await finished(await service.reset('mini', 'route-v1', undefined));
    expect(reset.kind === 'workshop-action' && reset.action.objects.map((o) => `${o.kind}/${o.name}:${o.action}`).sort()).toEqual(['DestinationRule/reviews:deleted', 'VirtualService/reviews:deleted']);
    await lab.mesh.until((s) => !s.virtualServices.some((v) => v.name === 'reviews'), AbortSignal.timeout(10_000));
    expect((await check('route-v1')).tasks[0]?.results[0]).toMatchObject({ passed: false, found: 'absent' });
    expect((await service.pack('mini')).lessonList[0]?.state).not.toBe('passed');
    expect(changed).toContain('mini:route-v1');
  }, 60_000);

  it('reach-productpage: the curl pod gets 200 from productpage', async () => {
    await finished(await service.start('mini', 'reach-productpage'));
    const result = await check('reach-productpage');
    expect(result.tasks[0]?.results[0]).toMatchObject({ passed: true, found: expect.stringMatching(/^200 100 %/) });
  }, 60_000);
});
