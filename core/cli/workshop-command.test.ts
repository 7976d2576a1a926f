// `meshdeck workshop …` against a stand-in workshop core at the contract level: the words become
// the requests the core gets (bad words exit 2 before any call), check's exit code follows the
// lesson, validate prints file:line:column: field lines, run-all stops at the first broken lesson.
import { describe, expect, it } from 'vitest';
import { AppError, type WorkshopCheckInfo, type WorkshopPackInfo, type WorkshopTaskResultInfo } from '../contract';
import { runWorkshop, type FakeWorkshop } from '../../test/cli/fake-workshop-client';
import { packRefOf } from './workshop-client';

function checkOf(lesson: string, passed: boolean): WorkshopCheckInfo {
  return {
    pack: 'istio-in-practice',
    lesson,
    passed,
    checkedAt: '2026-12-02T19:00:00.000Z',
    tasks: [
      {
        task: 'all-v1',
        title: 'Route every request to v1',
        state: passed ? 'passed' : 'failed',
        results: [
          { kind: 'object', description: 'VirtualService reviews exists', passed: true, expected: 'present', found: 'present' },
          { kind: 'traffic', description: 'reviews answers v1 for 100 % ± 10 of 100 requests', passed, expected: 'v1 100 % ± 10', found: passed ? 'v1 100 %' : 'v1 34 %, v2 33 %, v3 33 %', message: 'reviews still splits across v1, v2 and v3.' },
        ],
      },
    ],
  };
}

const check = (check: WorkshopCheckInfo): WorkshopTaskResultInfo => ({ kind: 'workshop-check', check });
const action = (lesson: string, kind: 'start' | 'solve' | 'reset'): WorkshopTaskResultInfo => ({
  kind: 'workshop-action',
  action: { pack: 'istio-in-practice', lesson, action: kind, objects: [{ kind: 'VirtualService', name: 'reviews', namespace: 'default', action: kind === 'reset' ? 'deleted' : 'created' }] },
});

function pack(lessons: string[], current: string | null = null): WorkshopPackInfo {
  return {
    id: 'istio-in-practice', title: 'Istio in practice', version: '1.0.0', source: 'built-in', path: '/res/workshops/istio-in-practice', lessons: lessons.length, passed: 0, minutes: 10 * lessons.length,
    description: '', requires: { namespaces: ['default'] }, current, warnings: [],
    lessonList: lessons.map((id) => ({ id, title: `Lesson ${id}`, minutes: 10, taskCount: 1, tasksPassed: 0, state: 'not-started' as const })),
  };
}

describe('workshop words', () => {
  it.each([
    [[], /Usage: meshdeck workshop/, 0],
    [['frob'], /"frob" is not a workshop subcommand/, 2],
    [['show'], /workshop show needs a LESSON, e.g. meshdeck workshop show request-routing/, 2],
    [["show", "Bad_Id"], /LESSON: expected a lesson id such as fault-injection .*\(got "Bad_Id"\)/, 2],
    [['check', 'a', 'b'], /unexpected argument "b"/, 2],
    [['hint', '--task', 'NOPE!'], /--task: expected/, 2],
    [['list', 'x'], /unexpected argument "x"/, 2],
    [['validate'], /workshop validate needs a PACK/, 2],
    [['solve', 'x', '--all'], /unknown option --all\. Run meshdeck workshop solve --help/, 2],
    [['reset', 'x', '--all', '--yes'], /reset takes LESSON or --all, not both/, 2],
    [['check', '--context', ''], /--context/, 2],
  ])('%j exits %#', async (argv, message, code) => {
    const run = await runWorkshop(argv as string[], { answers: { 'workshop.pack': () => pack(['x']) } });
    expect(`${run.stdout}${run.stderr}`).toMatch(message);
    expect(run.code).toBe(code);
    expect(run.calls.filter((c) => c.method !== 'workshop.pack')).toEqual([]);
  });

  it('meshdeck help workshop prints the subcommands', async () => {
    const run = await runWorkshop(['--help']);
    expect(run.stdout).toMatch(/run-all \[--pack PACK\]/);
    expect(run.code).toBe(0);
  });

  it('an existing folder given as --pack is sent absolute; anything else is an id', () => {
    expect(packRefOf('core', process.cwd())).toBe(`${process.cwd()}/core`);
    expect(packRefOf('istio-in-practice', process.cwd())).toBe('istio-in-practice');
  });
});

describe('workshop check', () => {
  const fake = (passed: boolean): FakeWorkshop => ({ tasks: { 'workshop.check': (p) => check(checkOf(String(p['lesson'] ?? 'request-routing'), passed)) } });

  it('a failing lesson: exit 1, each task and check with ✓/✗, expected vs found and the message', async () => {
    const run = await runWorkshop(['check', 'request-routing'], fake(false));
    expect(run.code).toBe(1);
    expect(run.calls).toEqual([{ method: 'workshop.check', params: { lesson: 'request-routing' } }]);
    expect(run.stdout).toContain(['✗ request-routing: not passed yet', '  ✗ Route every request to v1 (all-v1): failed', '    ✓ VirtualService reviews exists', '    ✗ reviews answers v1 for 100 % ± 10 of 100 requests', '        expected: v1 100 % ± 10', '        found:    v1 34 %, v2 33 %, v3 33 %', '        reviews still splits across v1, v2 and v3.'].join('\n'));
  });

  it('a passing lesson exits 0; --json prints the WorkshopCheckInfo', async () => {
    const run = await runWorkshop(['check', '--json'], fake(true));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ state: 'succeeded', check: { lesson: 'request-routing', passed: true } });
  });

  it('a check that could not run is a failure with its message', async () => {
    const run = await runWorkshop(['check'], { tasks: { 'workshop.check': () => new AppError('CLUSTER_NOT_FOUND', 'There is no lab. Create one with meshdeck up.') } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/There is no lab/);
  });
});

describe('workshop validate', () => {
  it('problems: exit 2, one file:line:column: field: message line each, said from the typed folder', async () => {
    const problems = [
      { file: 'lessons/01.yaml', line: 4, column: 11, field: 'tasks[0].check[0].kind', message: 'unknown check kind "magic"' },
      { file: 'pack.yaml', line: 0, column: 0, field: 'lessons[1].file', message: 'no such file' },
    ];
    const run = await runWorkshop(['validate', 'broken-pack'], { answers: { 'workshop.validate': () => ({ pack: null, problems }) } });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n').slice(0, 2)).toEqual(['broken-pack/lessons/01.yaml:4:11: tasks[0].check[0].kind: unknown check kind "magic"', 'broken-pack/pack.yaml: lessons[1].file: no such file']);
  });

  it('a valid pack: exit 0 with a summary', async () => {
    const summary = { id: 'example', title: 'Example', version: '0.1.0', source: 'opened' as const, path: '/p', lessons: 2, passed: 0, minutes: 10 };
    const run = await runWorkshop(['validate', '--pack', '/p'], { answers: { 'workshop.validate': () => ({ pack: summary, problems: [] }) } });
    expect(run.code).toBe(0);
    expect(run.calls[0]?.params).toEqual({ path: '/p' });
    expect(run.stdout).toMatch(/\/p: valid\. Example \(example 0\.1\.0\): 2 lessons, about 10 minutes\./);
  });
});

describe('workshop reset, start, solve, list', () => {
  it('reset says what it removes and, off a terminal, asks for --yes; nothing is reset', async () => {
    const run = await runWorkshop(['reset', 'request-routing'], { answers: { 'workshop.pack': () => pack(['request-routing']) } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Resetting lesson request-routing deletes, in default .*VirtualServices.*Add --yes to confirm/);
    expect(run.calls.map((c) => c.method)).toEqual(['workshop.pack']);
  });

  it('reset --yes of the current lesson, and --all', async () => {
    const fake: FakeWorkshop = { answers: { 'workshop.pack': () => pack(['a', 'b'], 'b') }, tasks: { 'workshop.reset': (p) => action(String(p['lesson'] ?? ''), 'reset') } };
    const one = await runWorkshop(['reset', '--yes'], fake);
    expect(one.code).toBe(0);
    expect(one.calls[1]).toEqual({ method: 'workshop.reset', params: { lesson: 'b' } });
    expect(one.stdout).toMatch(/Reset b:\n {2}VirtualService default\/reviews deleted/);
    const all = await runWorkshop(['reset', '--all', '--yes'], fake);
    expect(all.calls[1]).toEqual({ method: 'workshop.reset', params: { all: true } });
  });

  it('start and solve --task follow the task and list what changed', async () => {
    const fake: FakeWorkshop = { tasks: { 'workshop.start': () => action('a', 'start'), 'workshop.solve': () => action('a', 'solve') } };
    expect((await runWorkshop(['start', 'a'], fake)).stdout).toMatch(/Set up a:\n {2}VirtualService default\/reviews created/);
    const solve = await runWorkshop(['solve', 'a', '--task', 'all-v1', '--pack', 'istio-in-practice'], fake);
    expect(solve.calls[0]).toEqual({ method: 'workshop.solve', params: { pack: 'istio-in-practice', lesson: 'a', task: 'all-v1' } });
    expect(solve.code).toBe(0);
  });

  it('list --pack: the lessons with progress and minutes, the current one marked', async () => {
    const run = await runWorkshop(['list', '--pack', 'istio-in-practice'], { answers: { 'workshop.pack': () => pack(['request-routing', 'fault-delay'], 'fault-delay') } });
    expect(run.stdout).toMatch(/^ {4}#   LESSON +TITLE +MINUTES   TASKS   STATE$/m);
    expect(run.stdout).toMatch(/^\* {3}2   fault-delay +Lesson fault-delay +10 +0\/1 +not started$/m);
  });
});

describe('workshop run-all', () => {
  function lessonsFake(brokenAfterSolve: string | null): FakeWorkshop {
    const solved = new Set<string>();
    return {
      answers: { 'workshop.pack': () => pack(['a', 'b', 'c']) },
      tasks: {
        'workshop.reset': (p) => (solved.delete(String(p['lesson'])), action(String(p['lesson']), 'reset')),
        'workshop.solve': (p) => (solved.add(String(p['lesson'])), action(String(p['lesson']), 'solve')),
        'workshop.check': (p) => check(checkOf(String(p['lesson']), solved.has(String(p['lesson'])) && p['lesson'] !== brokenAfterSolve)),
      },
    };
  }

  it('every lesson: reset, fails, solve, passes; exit 0 and the table', async () => {
    const run = await runWorkshop(['run-all'], lessonsFake(null));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^LESSON   RESET   FAILS FIRST   SOLVE   PASSES   SECONDS$/m);
    expect(run.stdout).toMatch(/^c {8}ok {6}ok {12}ok {6}ok {7}\d+\.\d$/m);
    expect(run.stdout).toMatch(/All 3 lessons of istio-in-practice pass/);
    expect(run.calls.map((c) => c.method).slice(1, 5)).toEqual(['workshop.reset', 'workshop.check', 'workshop.solve', 'workshop.check']);
  });

  it('stops at the first broken lesson, naming it and why; exit 1', async () => {
    const run = await runWorkshop(['run-all', '--json'], lessonsFake('b'));
    expect(run.code).toBe(1);
    const outcome = JSON.parse(run.stdout) as { passed: boolean; lessons: { lesson: string; passes: string; problem?: string }[] };
    expect(outcome.passed).toBe(false);
    expect(outcome.lessons.map((l) => l.lesson)).toEqual(['a', 'b']);
    expect(outcome.lessons[1]).toMatchObject({ passes: 'FAILED', problem: 'after solve its check still fails: all-v1: reviews still splits across v1, v2 and v3.' });
  });
});
