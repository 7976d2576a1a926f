// The drawer's content: the changes against the live objects, one diff per object, or the
// whole YAML. While a newer preview loads, the last one stays, dimmed.

import type { TrafficPreviewInfo } from '../../../../core/contract';
import { DiffView } from './DiffView';

export type PreviewTab = 'changes' | 'yaml';

export function PreviewBody({ preview, tab, stale }: { preview: TrafficPreviewInfo; tab: PreviewTab; stale: boolean }) {
  return (
    <div className={`drawer-body${stale ? ' drawer-stale' : ''}`}>
      {tab === 'changes' ? (
        <div className="diff-list">
          {preview.diff.map((diff) => (
            <DiffView key={`${diff.kind}/${diff.name}`} diff={diff} />
          ))}
        </div>
      ) : (
        <pre className="yaml" data-testid="traffic-yaml">
          {preview.yaml}
        </pre>
      )}
    </div>
  );
}
