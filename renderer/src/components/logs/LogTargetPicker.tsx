// What to show: the namespace, a workload (all its pods at once) or one pod, and the container
// (app, istio-proxy sidecar or init containers), from what `logs.targets` reads.

import { useCore } from '../../client-context';
import { dispatchLogs, knownTargets, loadLogTargets, logsStore, useLogsState } from '../../state/logs-store';
import { Icon } from '../Icon';
import { LogContainerSelect } from './LogContainerSelect';
import { LogTargetSelect } from './LogTargetSelect';

/** Where the lab's workloads run: Bookinfo (default), Istio and the dashboards, Kubernetes itself. */
const NAMESPACES = ['default', 'istio-system', 'kube-system'];

export function LogTargetPicker() {
  const { client } = useCore();
  const namespace = useLogsState((state) => state.namespace);
  const targets = useLogsState(knownTargets);
  const loading = useLogsState((state) => state.targets.kind === 'loading' || state.targets.kind === 'unknown');
  const target = useLogsState((state) => state.target);
  const container = useLogsState((state) => state.container);
  const namespaces = namespace === null || NAMESPACES.includes(namespace) ? NAMESPACES : [...NAMESPACES, namespace];

  return (
    <div className="log-picker">
      <label className="field log-field-narrow">
        <span className="field-label">Namespace</span>
        <select className="input" value={namespace ?? ''} onChange={(event) => dispatchLogs({ type: 'namespace-chosen', namespace: event.target.value })} data-testid="logs-namespace">
          {namespace === null ? <option value="">Bookinfo’s</option> : null}
          {namespaces.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <LogTargetSelect targets={targets} target={target} loading={loading} />
      <LogContainerSelect targets={targets} target={target} container={container} />
      <button
        type="button"
        className="button button-secondary log-refresh"
        onClick={() => void loadLogTargets(client, logsStore)}
        disabled={loading}
        title="Read the pods of this namespace again"
        data-testid="logs-refresh"
      >
        <Icon name="refresh" size={16} />
        Refresh
      </button>
    </div>
  );
}
