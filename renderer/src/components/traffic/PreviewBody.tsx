// The drawer's content: the changes against the live objects, one diff per object, or the
// whole YAML. While a newer preview loads, the last one stays, dimmed.

import type { PolicyPreviewInfo, TrafficPreviewInfo } from '../../../../core/contract';
import { DiffView } from './DiffView';

export type PreviewTab = 'changes' | 'yaml';

export function PreviewBody({ preview, tab, stale, testId = 'traffic-yaml' }: { preview: TrafficPreviewInfo | PolicyPreviewInfo; tab: PreviewTab; stale: boolean; testId?: string }) {
  return (
    <div className={`drawer-body${stale ? ' drawer-stale' : ''}`}>
      {tab === 'changes' ? (
        <div className="diff-list">
          {preview.diff.map((diff) => (
            <DiffView key={`${diff.kind}/${'namespace' in diff ? diff.namespace : ''}/${diff.name}`} diff={diff} />
          ))}
        </div>
      ) : (
        <pre className="yaml" data-testid={testId}>
          {preview.yaml}
        </pre>
      )}
    </div>
  );
}
