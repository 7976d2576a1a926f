// One object's spec (routing or security), live against what MeshDeck would write, as a unified line diff.

import { useMemo } from 'react';
import type { PolicyDiffInfo, RoutingDiffInfo } from '../../../../core/contract';
import { lineDiff } from '../../model/line-diff';

const MARK = { same: ' ', removed: '−', added: '+' } as const;

/** A routing object's diff or a policy one (security objects too). */
type ObjectDiff = RoutingDiffInfo | PolicyDiffInfo;

function verdict(diff: ObjectDiff): string {
  if (diff.before === null) return 'new';
  return diff.changed ? 'changes' : 'no change';
}

export function DiffView({ diff }: { diff: ObjectDiff }) {
  const lines = useMemo(() => lineDiff(diff.before, diff.after), [diff.before, diff.after]);
  const label = `${diff.kind} ${diff.name}`;
  return (
    <section className="diff" aria-label={`${label}: ${verdict(diff)}`} data-testid={`traffic-diff-${diff.kind}`}>
      <header className="diff-head">
        <code>{label}</code>
        <span className={`diff-verdict diff-verdict-${diff.before === null ? 'new' : diff.changed ? 'changed' : 'same'}`}>{verdict(diff)}</span>
      </header>
      <pre className="diff-body">
        {lines.map((line, index) => (
          <span key={index} className={`diff-line diff-${line.kind}`}>
            <span className="diff-mark" aria-label={line.kind === 'same' ? undefined : line.kind}>
              {MARK[line.kind]}
            </span>
            {line.text}
            {'\n'}
          </span>
        ))}
      </pre>
    </section>
  );
}
