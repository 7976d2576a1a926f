// A finding's status in words, beside its icon: the word carries it, colour only repeats it.

import type { FindingStatus } from '../../../core/contract';

const WORDS: Record<FindingStatus, string> = { ok: 'OK', warn: 'Warning', fail: 'Failed', skipped: 'Skipped' };

export function StatusBadge({ status }: { status: FindingStatus }) {
  return <span className={`status-badge status-${status}`}>{WORDS[status]}</span>;
}
