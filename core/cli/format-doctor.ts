// Renders a doctor report for a terminal: one line per finding with a symbol that reads without
// colour, advice indented under it, colour only when the output is a TTY.

import type { DoctorReportInfo, FindingStatus } from '../contract';

const SYMBOLS: Record<FindingStatus, string> = { ok: '✔', warn: '!', fail: '✖', skipped: '-' };
const COLOURS: Record<FindingStatus, string> = { ok: '32', warn: '33', fail: '31', skipped: '90' };
const OVERALL = {
  ok: 'Ready for a lab.',
  warn: 'Ready, with warnings: the lab may be slow or need other ports.',
  fail: 'Not ready: fix the failed checks above, then run `meshdeck doctor` again.',
} as const;

export function formatDoctorReport(report: DoctorReportInfo, colour: boolean): string {
  const paint = (status: FindingStatus, text: string) => (colour ? `\u001b[${COLOURS[status]}m${text}\u001b[0m` : text);
  const width = Math.max(...report.findings.map((finding) => finding.title.length));
  const lines = report.findings.flatMap((finding) => {
    const head = `${paint(finding.status, SYMBOLS[finding.status])} ${finding.title.padEnd(width)}  ${finding.summary}`;
    return finding.advice ? [head, `  ${' '.repeat(width)}  → ${finding.advice}`] : [head];
  });
  const overallStatus: FindingStatus = report.overall;
  return [...lines, '', paint(overallStatus, OVERALL[report.overall])].join('\n');
}
