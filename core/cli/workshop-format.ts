// How `meshdeck workshop` prints packs, lessons, check results, actions and a pack's problems:
// plain text a projector and a terminal log both read, ✓/✗ per check with what was expected and
// what was found, and problems as `file:line:column: field: message` so an editor can jump there.

import { join } from 'node:path';
import type { WorkshopActionInfo, WorkshopCheckInfo, WorkshopLessonInfo, WorkshopPackInfo, WorkshopPackSummaryInfo, WorkshopProblemInfo, WorkshopTaskInfo } from '../contract';
import { formatTable } from './cli-table';

const STATE_WORDS = { 'not-started': 'not started', started: 'started', passed: 'passed' } as const;

export function formatPacks(packs: readonly WorkshopPackSummaryInfo[]): string {
  if (packs.length === 0) return 'No lesson packs. Open one with `meshdeck workshop list --pack DIR`.';
  const rows = [['PACK', 'TITLE', 'VERSION', 'LESSONS', 'PASSED', 'MINUTES', 'FROM'], ...packs.map((p) => [p.id, p.title, p.version, String(p.lessons), String(p.passed), String(p.minutes), p.source === 'built-in' ? 'built-in' : p.path])];
  return `${formatTable(rows)}\n\nSee a pack's lessons with \`meshdeck workshop list --pack PACK\`.`;
}

export function formatPack(pack: WorkshopPackInfo): string {
  const rows = [
    ['', '#', 'LESSON', 'TITLE', 'MINUTES', 'TASKS', 'STATE'],
    ...pack.lessonList.map((l, i) => [pack.current === l.id ? '*' : '', String(i + 1), l.id, l.title, String(l.minutes), `${l.tasksPassed}/${l.taskCount}`, STATE_WORDS[l.state]]),
  ];
  const head = `${pack.title} (${pack.id} ${pack.version}): ${pack.passed} of ${pack.lessons} lessons passed, about ${pack.minutes} minutes in all.`;
  const warnings = pack.warnings.map((w) => `Warning: ${w}`);
  return [head, ...warnings, '', formatTable(rows), '', 'Start one with `meshdeck workshop start LESSON`.'].join('\n');
}

function indented(text: string, by: string): string[] {
  return text.trimEnd().split('\n').map((line) => (line === '' ? '' : `${by}${line}`));
}

function formatTask(task: WorkshopTaskInfo, index: number): string[] {
  const lines = [`${index + 1}. ${task.title} (${task.id})${task.passedAt ? ` — passed ${task.passedAt}` : ''}`, ...indented(task.instructions.text, '   ')];
  if (task.instructions.ui) lines.push(`   In MeshDeck: ${task.instructions.ui}`);
  if (task.instructions.meshdeck) lines.push('   With meshdeck:', ...indented(task.instructions.meshdeck, '     $ '));
  if (task.instructions.kubectl) lines.push('   With kubectl:', ...indented(task.instructions.kubectl, '     $ '));
  lines.push('   Checked:', ...task.checks.map((c) => `     - ${c.description}`));
  if (task.hasHint) lines.push(`   A hint: meshdeck workshop hint --task ${task.id}${task.hintRevealed ? ' (seen)' : ''}`);
  return lines;
}

export function formatLesson(lesson: WorkshopLessonInfo): string {
  const lines = [`${lesson.title} (${lesson.id}) — about ${lesson.minutes} min, ${STATE_WORDS[lesson.state]}`, '', ...lesson.body.trimEnd().split('\n'), '', 'Tasks:'];
  lesson.tasks.forEach((task, i) => lines.push(...formatTask(task, i)));
  if (lesson.links.length > 0) lines.push('', 'Links:', ...lesson.links.map((l) => `  ${l.label}: ${l.kind} ${l.target}${l.path ?? ''}`));
  const around = [lesson.previous ? `previous: ${lesson.previous}` : '', lesson.next ? `next: ${lesson.next}` : ''].filter(Boolean).join(', ');
  if (around) lines.push('', `(${around})`);
  return lines.join('\n');
}

export function formatCheck(check: WorkshopCheckInfo): string {
  const lines = [`${check.passed ? '✓' : '✗'} ${check.lesson}: ${check.passed ? 'passed' : 'not passed yet'}`];
  for (const task of check.tasks) {
    const state = task.state === 'earlier' ? 'passed earlier' : task.state;
    lines.push(`  ${task.state === 'failed' ? '✗' : '✓'} ${task.title} (${task.task}): ${state}`);
    for (const result of task.results) {
      lines.push(`    ${result.passed ? '✓' : '✗'} ${result.description}`);
      if (result.passed) continue;
      lines.push(`        expected: ${result.expected}`, `        found:    ${result.found}`);
      if (result.message) lines.push(...indented(result.message, '        '));
    }
  }
  return lines.join('\n');
}

const ACTION_WORDS = { start: 'Set up', solve: 'Solved', reset: 'Reset', 'reset-all': 'Reset the workshop' } as const;

export function formatAction(action: WorkshopActionInfo): string {
  const what = action.lesson ? `${ACTION_WORDS[action.action]} ${action.lesson}` : ACTION_WORDS[action.action];
  if (action.objects.length === 0) return `${what}: nothing to change.`;
  return [`${what}:`, ...action.objects.map((o) => `  ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} ${o.action}`)].join('\n');
}

/** One line per problem, the file said from where the pack was typed (`my-pack/lessons/01.yaml:4:3`). */
export function formatProblems(problems: readonly WorkshopProblemInfo[], packDir: string): string {
  return problems
    .map((p) => {
      const file = p.file === '' ? packDir : join(packDir, p.file);
      const place = p.line > 0 ? `${file}:${p.line}:${p.column}` : file;
      return `${place}: ${p.field || '(document)'}: ${p.message}`;
    })
    .join('\n');
}

export function formatValid(pack: WorkshopPackSummaryInfo): string {
  return `${pack.path}: valid. ${pack.title} (${pack.id} ${pack.version}): ${pack.lessons} lesson${pack.lessons === 1 ? '' : 's'}, about ${pack.minutes} minutes.`;
}
