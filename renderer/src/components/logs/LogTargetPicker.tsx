// What to show: the namespace, a workload (all its pods at once) or one pod, and the container
// (app, istio-proxy sidecar or init containers), from what `logs.targets` reads.

import { useMemo } from 'react';
import type { ContainerInfo, LogPodInfo } from '../../../../core/contract';
import { useCore } from '../../client-context';
import { containersOf, knownTargets, loadLogTargets, logsStore, useLogsState } from '../../state/logs-store';
import { Icon } from '../Icon';

/** Where the lab's workloads run: Bookinfo (default), Istio and the dashboards, Kubernetes itself. */
const NAMESPACES = ['default', 'istio-system', 'kube-system'];

function dispatch(action: Parameters<ReturnType<typeof logsStore.getState>['dispatch']>[0]): void {
  logsStore.getState().dispatch(action);
}

function podLabel(pod: LogPodInfo): string {
  const restarts = pod.containers.reduce((sum, container) => sum + container.restartCount, 0);
  const state = pod.phase === 'Running' && !pod.ready ? 'Running, not ready' : pod.phase;
  return `${pod.name} · ${state}${restarts > 0 ? ` · ${restarts} restart${restarts === 1 ? '' : 's'}` : ''}`;
}

function containerLabel(container: ContainerInfo): string {
  const role = container.name === 'istio-proxy' ? ' (sidecar)' : container.kind === 'init' ? ' (init)' : '';
  const restarts = container.restartCount > 0 ? ` · ${container.restartCount} restart${container.restartCount === 1 ? '' : 's'}` : '';
  return `${container.name}${role}${restarts}`;
}

export function LogTargetPicker() {
  const { client } = useCore();
  const namespace = useLogsState((state) => state.namespace);
  const targets = useLogsState(knownTargets);
  const loading = useLogsState((state) => state.targets.kind === 'loading' || state.targets.kind === 'unknown');
  const target = useLogsState((state) => state.target);
  const container = useLogsState((state) => state.container);
  const containers = useMemo(() => containersOf(targets, target), [targets, target]);

  const namespaces = namespace === null || NAMESPACES.includes(namespace) ? NAMESPACES : [...NAMESPACES, namespace];
  const workloads = targets?.workloads ?? [];
  const pods = targets?.pods ?? [];
  const targetKnown = target !== null && (workloads.some((workload) => workload.ref === target) || pods.some((pod) => `pod/${pod.name}` === target));
  const containerKnown = container !== null && containers.some((choice) => choice.name === container);

  return (
    <div className="log-picker">
      <label className="field log-field-narrow">
        <span className="field-label">Namespace</span>
        <select className="input" value={namespace ?? ''} onChange={(event) => dispatch({ type: 'namespace-chosen', namespace: event.target.value })} data-testid="logs-namespace">
          {namespace === null ? <option value="">Bookinfo’s</option> : null}
          {namespaces.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="field log-field-wide">
        <span className="field-label">Workload or pod</span>
        <select
          className="input"
          value={target ?? ''}
          onChange={(event) => dispatch({ type: 'target-chosen', target: event.target.value })}
          disabled={workloads.length === 0 && pods.length === 0 && target === null}
          data-testid="logs-target"
        >
          {target === null ? <option value="">{loading ? 'Reading pods…' : 'Nothing to show'}</option> : null}
          {target !== null && !targetKnown ? <option value={target}>{target}</option> : null}
          {workloads.length > 0 ? (
            <optgroup label="Workloads: all their pods">
              {workloads.map((workload) => (
                <option key={workload.ref} value={workload.ref}>
                  {workload.ref} · {workload.pods.length} pod{workload.pods.length === 1 ? '' : 's'}
                </option>
              ))}
            </optgroup>
          ) : null}
          {pods.length > 0 ? (
            <optgroup label="Pods">
              {pods.map((pod) => (
                <option key={pod.name} value={`pod/${pod.name}`}>
                  {podLabel(pod)}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      </label>
      <label className="field log-field">
        <span className="field-label">Container</span>
        <select
          className="input"
          value={container ?? ''}
          onChange={(event) => dispatch({ type: 'container-chosen', container: event.target.value })}
          disabled={containers.length === 0 && container === null}
          data-testid="logs-container"
        >
          {container === null ? <option value="">Default</option> : null}
          {container !== null && !containerKnown ? <option value={container}>{container}</option> : null}
          {containers.map((choice) => (
            <option key={choice.name} value={choice.name}>
              {containerLabel(choice)}
            </option>
          ))}
        </select>
      </label>
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
