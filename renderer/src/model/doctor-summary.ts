// Pure views of a doctor report for the Setup screen: the overall banner and the counts.
// It decides from the findings themselves, so a banner can never disagree with the list.

import type { DoctorFindingInfo, DoctorReportInfo, FindingStatus } from '../../../core/contract';

export type Overall = 'ok' | 'warn' | 'fail';

export interface DoctorBanner {
  overall: Overall;
  title: string;
  detail: string;
}

export type StatusCounts = Record<FindingStatus, number>;

export function countStatuses(findings: readonly DoctorFindingInfo[]): StatusCounts {
  const counts: StatusCounts = { ok: 0, warn: 0, fail: 0, skipped: 0 };
  for (const finding of findings) counts[finding.status] += 1;
  return counts;
}

/** The worst status among the findings; skipped counts as ok. */
export function overallOf(findings: readonly DoctorFindingInfo[]): Overall {
  const counts = countStatuses(findings);
  if (counts.fail > 0) return 'fail';
  if (counts.warn > 0) return 'warn';
  return 'ok';
}

const RANK: Record<Overall, number> = { ok: 0, warn: 1, fail: 2 };

function worse(a: Overall, b: Overall): Overall {
  return RANK[a] >= RANK[b] ? a : b;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function doctorBanner(report: DoctorReportInfo): DoctorBanner {
  const counts = countStatuses(report.findings);
  // The worse of the report's own verdict and the findings', so the banner never sounds
  // better than the list below it.
  const overall = worse(report.overall, overallOf(report.findings));
  const skipped = counts.skipped > 0 ? `, ${plural(counts.skipped, 'check', 'checks')} skipped` : '';
  switch (overall) {
    case 'fail':
      return {
        overall,
        title: 'Fix the failed checks first',
        detail: `${plural(counts.fail, 'check failed', 'checks failed')}${counts.warn > 0 ? `, ${plural(counts.warn, 'warning', 'warnings')}` : ''}${skipped}. A lab cannot start until ${counts.fail === 1 ? 'it passes' : 'they pass'}.`,
      };
    case 'warn':
      return {
        overall,
        title: 'Ready, with warnings',
        detail: `${plural(counts.ok, 'check passed', 'checks passed')}, ${plural(counts.warn, 'warning', 'warnings')}${skipped}. A lab can start; read the warnings before a workshop.`,
      };
    case 'ok':
      return {
        overall,
        title: 'Ready for a lab',
        detail: `${counts.ok === 1 ? 'The check passed' : `All ${counts.ok} checks passed`}${skipped}.`,
      };
  }
}
