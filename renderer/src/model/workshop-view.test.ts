import { describe, expect, it } from 'vitest';
import type { WorkshopCheckInfo } from '../../../core/contract';
import { checkVerdict, lessonMark, linkDestination, minutesLabel, packProgress, presenterAction, problemLine, problemLinesOf, resultsInReadingOrder, taskVerdict, viewForPath } from './workshop-view';

const failing = { kind: 'object' as const, description: 'VirtualService reviews', passed: false, expected: 'v1 100 %', found: 'absent', message: 'There is no VirtualService reviews.' };
const passing = { kind: 'pods-ready' as const, description: 'reviews ready', passed: true, expected: '3 ready', found: '3 ready' };

describe('workshop view words', () => {
  it('marks lessons passed, started with tasks done, and not started', () => {
    expect(lessonMark({ state: 'passed', tasksPassed: 2, taskCount: 2 })).toEqual({ symbol: '✓', label: 'Passed' });
    expect(lessonMark({ state: 'started', tasksPassed: 1, taskCount: 3 }).label).toBe('Started · 1 of 3 tasks done');
    expect(lessonMark({ state: 'not-started', tasksPassed: 0, taskCount: 1 }).symbol).toBe('○');
  });

  it('says times and pack progress in words', () => {
    expect(minutesLabel(45)).toBe('45 min');
    expect(minutesLabel(120)).toBe('2 h');
    expect(minutesLabel(130)).toBe('2 h 10 min');
    expect(packProgress({ lessons: 13, passed: 1, minutes: 130 })).toBe('1 of 13 lessons passed · about 2 h 10 min');
  });

  it('writes problems as file:line:column field — message, and a file without a place plainly', () => {
    expect(problemLine({ file: 'lessons/07.yaml', line: 12, column: 5, field: 'tasks[0].check[1].kind', message: 'unknown check kind "shell"' })).toBe('lessons/07.yaml:12:5 tasks[0].check[1].kind — unknown check kind "shell"');
    expect(problemLine({ file: 'lessons/missing.yaml', line: 0, column: 0, field: '', message: 'no such file' })).toBe('lessons/missing.yaml — no such file');
  });

  it('reads problems from details, as the core lines or as objects', () => {
    const problem = { file: 'pack.yaml', line: 1, column: 1, field: 'kind', message: 'must be LessonPack' };
    expect(problemLinesOf({ problems: ['pack.yaml:16:13 lessons[0].tasks[0].check[0].kind: unknown check kind "shell"', ''] })).toEqual(['pack.yaml:16:13 lessons[0].tasks[0].check[0].kind: unknown check kind "shell"']);
    expect(problemLinesOf({ problems: [problem, { nope: true }, null] })).toEqual(['pack.yaml:1:1 kind — must be LessonPack']);
    expect(problemLinesOf(undefined)).toEqual([]);
    expect(problemLinesOf({ problems: 'pack.yaml' })).toEqual([]);
  });

  it('gives the verdict of a check and of each task, failing checks first', () => {
    const check: WorkshopCheckInfo = {
      pack: 'p',
      lesson: 'l',
      passed: false,
      checkedAt: '2026-12-02T19:00:00Z',
      tasks: [
        { task: 'a', title: 'A', state: 'failed', results: [passing, failing] },
        { task: 'b', title: 'B', state: 'earlier', results: [] },
      ],
    };
    expect(checkVerdict(check)).toBe('Not yet: 1 of 2 tasks to do.');
    expect(checkVerdict({ ...check, passed: true })).toBe('Lesson passed: every task checks out.');
    expect(taskVerdict(check.tasks[0]!)).toBe('1 of 2 checks fail');
    expect(taskVerdict(check.tasks[1]!)).toBe('Passed earlier');
    expect(resultsInReadingOrder([passing, failing])).toEqual([failing, passing]);
  });

  it('maps presenter keys, leaving modified keys to the browser', () => {
    expect(presenterAction({ key: 'ArrowRight' })).toBe('next');
    expect(presenterAction({ key: 'ArrowLeft' })).toBe('previous');
    expect(presenterAction({ key: 'c' })).toBe('check');
    expect(presenterAction({ key: 'h' })).toBe('hint');
    expect(presenterAction({ key: 's' })).toBe('solve');
    expect(presenterAction({ key: 'f' })).toBe('fullscreen');
    expect(presenterAction({ key: '?' })).toBe('keys');
    expect(presenterAction({ key: 'c', ctrlKey: true })).toBeNull();
    expect(presenterAction({ key: 'x' })).toBeNull();
  });

  it('leads deep links to dashboards, Traffic and Logs', () => {
    expect(linkDestination({ label: 'Kiali graph', kind: 'dashboard', target: 'kiali', path: '/kiali/console/graph/namespaces/' })).toEqual({ section: 'dashboards', dashboard: 'kiali', path: '/kiali/console/graph/namespaces/' });
    expect(linkDestination({ label: 'Jaeger', kind: 'dashboard', target: 'jaeger' })).toEqual({ section: 'dashboards', dashboard: 'tracing', path: null });
    expect(linkDestination({ label: '?', kind: 'dashboard', target: 'toString' })).toBeNull();
    expect(linkDestination({ label: 'ratings', kind: 'traffic', target: 'ratings' })).toEqual({ section: 'traffic', service: 'ratings' });
    expect(linkDestination({ label: 'logs', kind: 'logs', target: 'productpage-v1' })).toEqual({ section: 'logs', target: 'deploy/productpage-v1' });
  });

  it('finds the pane view a link path names', () => {
    const views = [
      { id: 'graph', url: 'http://kiali.localhost:8080/kiali/console/graph/namespaces/?namespaces=default' },
      { id: 'istio-config', url: 'http://kiali.localhost:8080/kiali/console/istio?namespaces=default' },
    ];
    expect(viewForPath(views, '/kiali/console/istio')).toBe('istio-config');
    expect(viewForPath(views, '/kiali/console/graph/namespaces/?namespaces=default')).toBe('graph');
    expect(viewForPath(views, '/kiali/console/overview')).toBeNull();
    expect(viewForPath(views, null)).toBeNull();
  });
});
