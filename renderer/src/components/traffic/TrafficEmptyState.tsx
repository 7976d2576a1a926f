// The Traffic screen when there is nothing to steer yet: no lab, a lab without Istio, or no
// service whose workloads carry versions. Says what to do next; never shows sample data.

import type { TrafficReadiness } from '../../model/traffic-readiness';
import { Icon } from '../Icon';

const WORDS: Record<'no-lab' | 'no-istio' | 'no-services', { title: string; lead: string; action: string | null }> = {
  'no-lab': {
    title: 'No mesh yet',
    lead: 'Traffic shifting works on your lab: the kind cluster with Istio and Bookinfo. Create your mesh in Setup first; then come back here to move requests between reviews v1, v2 and v3.',
    action: 'Create your mesh in Setup',
  },
  'no-istio': {
    title: 'Istio is not installed in the lab',
    lead: 'The cluster answers, but it has no Istio networking API, so there is nothing to write VirtualServices to. Run Create my mesh in Setup again: it finishes the steps that are missing.',
    action: 'Finish the mesh in Setup',
  },
  'no-services': {
    title: 'No service with versions',
    lead: 'No service in the lab’s namespace selects workloads with a version label (version, app.kubernetes.io/version or service.istio.io/canonical-revision). Bookinfo’s reviews has three; if it is missing, run Create my mesh in Setup again.',
    action: 'Open Setup',
  },
};

export function TrafficEmptyState({ readiness, onOpenSetup }: { readiness: Extract<TrafficReadiness, { kind: 'no-lab' | 'no-istio' | 'no-services' }>; onOpenSetup: () => void }) {
  const words = WORDS[readiness.kind];
  return (
    <div className="empty-state" data-testid="traffic-empty" data-kind={readiness.kind}>
      <span className="empty-icon">
        <Icon name="traffic" size={32} />
      </span>
      <h2 className="empty-title">{words.title}</h2>
      <p className="empty-lead">{words.lead}</p>
      {words.action ? (
        <button type="button" className="button button-primary" onClick={onOpenSetup}>
          {words.action}
        </button>
      ) : null}
    </div>
  );
}
