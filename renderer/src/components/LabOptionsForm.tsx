// The folded-away options of "Create my mesh": cluster name, Istio version, gateway host ports,
// or an existing kube context instead of a new kind cluster (picked from the user's kubeconfig,
// or typed), and whether the new cluster's context also goes into the user's kubeconfig. Each
// field says what is wrong with it as the user types, with the same rules the core applies.

import type { ChangeEvent, ReactNode } from 'react';
import { LAN_SHARING_WARNING } from '../../../core/contract';
import { ISTIO_VERSIONS, contextHint, type KubeContextsView, type LabOptionsDraft, type LabOptionsField } from '../model/lab-options';

export function LabOptionsForm({
  id,
  draft,
  errors,
  contexts,
  onChange,
}: {
  id: string;
  draft: LabOptionsDraft;
  errors: Partial<Record<LabOptionsField, string>>;
  contexts: KubeContextsView;
  onChange: (draft: LabOptionsDraft) => void;
}) {
  const set = (field: LabOptionsField) => (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => onChange({ ...draft, [field]: event.target.value });
  const versions: string[] = (ISTIO_VERSIONS as readonly string[]).includes(draft.istioVersion) ? [...ISTIO_VERSIONS] : [...ISTIO_VERSIONS, draft.istioVersion];
  const usingContext = draft.context.trim() !== '';
  const known = contexts.kind === 'loaded' || contexts.kind === 'loading' ? contexts.contexts : [];
  const listId = `${id}-context-list`;
  const mergeHintId = `${id}-mergeKubeconfig-hint`;
  const lanHintId = `${id}-lanSharing-hint`;

  function field(name: LabOptionsField, label: string, hint: string, control: (describedBy: string) => ReactNode) {
    const error = errors[name];
    const hintId = `${id}-${name}-hint`;
    const errorId = `${id}-${name}-error`;
    return (
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label className="field-label" htmlFor={`${id}-${name}`}>
          {label}
        </label>
        {control(error ? `${errorId} ${hintId}` : hintId)}
        {error ? (
          <p className="field-error" id={errorId} data-testid={`lab-option-error-${name}`}>
            {error}
          </p>
        ) : null}
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      </div>
    );
  }

  return (
    <div className="options-grid" id={id}>
      {field('name', 'Cluster name', usingContext ? 'Not used: MeshDeck sets up the existing cluster below.' : 'The kind cluster; its kube context is kind-<name>.', (describedBy) => (
        <input
          id={`${id}-name`}
          className="input"
          value={draft.name}
          onChange={set('name')}
          disabled={usingContext}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describedBy}
          data-testid="lab-option-name"
        />
      ))}
      {field('istioVersion', 'Istio version', 'istioctl, Bookinfo and the addons come from this release.', (describedBy) => (
        <select id={`${id}-istioVersion`} className="input" value={draft.istioVersion} onChange={set('istioVersion')} aria-describedby={describedBy} data-testid="lab-option-istio">
          {versions.map((version) => (
            <option key={version} value={version}>
              {version}
              {version === ISTIO_VERSIONS[0] ? ' (default)' : ''}
            </option>
          ))}
        </select>
      ))}
      {field('httpPort', 'HTTP port', 'Bookinfo and the dashboards, on 127.0.0.1 only.', (describedBy) => (
        <input
          id={`${id}-httpPort`}
          className="input input-port"
          inputMode="numeric"
          value={draft.httpPort}
          onChange={set('httpPort')}
          aria-invalid={errors.httpPort ? true : undefined}
          aria-describedby={describedBy}
          data-testid="lab-option-http-port"
        />
      ))}
      {field('httpsPort', 'HTTPS port', 'The gateway’s TLS port, on 127.0.0.1 only.', (describedBy) => (
        <input
          id={`${id}-httpsPort`}
          className="input input-port"
          inputMode="numeric"
          value={draft.httpsPort}
          onChange={set('httpsPort')}
          aria-invalid={errors.httpsPort ? true : undefined}
          aria-describedby={describedBy}
          data-testid="lab-option-https-port"
        />
      ))}
      <div className="options-wide">
        {field('context', 'Use an existing cluster (kube context)', contextHint(contexts, draft.context), (describedBy) => (
          <>
            <input
              id={`${id}-context`}
              className="input"
              value={draft.context}
              onChange={set('context')}
              list={listId}
              placeholder={known.length > 0 ? 'Empty: create a kind cluster. Or pick or type a context' : 'e.g. kind-workshop or my-dev-cluster'}
              spellCheck={false}
              autoComplete="off"
              aria-invalid={errors.context ? true : undefined}
              aria-describedby={describedBy}
              aria-busy={contexts.kind === 'loading' ? true : undefined}
              data-testid="lab-option-context"
            />
            <datalist id={listId} data-testid="lab-option-context-list">
              {known.map((context) => (
                <option key={context.name} value={context.name} label={`${context.server || 'no server'}${context.current ? ' (current)' : ''}`} />
              ))}
            </datalist>
          </>
        ))}
      </div>
      <div className="options-wide field">
        <label className="field-check" htmlFor={`${id}-mergeKubeconfig`}>
          <input
            id={`${id}-mergeKubeconfig`}
            type="checkbox"
            checked={draft.mergeKubeconfig && !usingContext}
            disabled={usingContext}
            onChange={(event) => onChange({ ...draft, mergeKubeconfig: event.target.checked })}
            aria-describedby={mergeHintId}
            data-testid="lab-option-merge-kubeconfig"
          />
          Also add the context to my kubeconfig (~/.kube/config)
        </label>
        <p className="field-hint" id={mergeHintId}>
          {usingContext
            ? 'Not used: the context you picked is in your kubeconfig already.'
            : 'Runs kind export kubeconfig once the cluster is up, which also makes kind-<name> your current context. Left off, MeshDeck keeps the cluster in its own kubeconfig and never touches yours.'}
        </p>
      </div>
      <div className="options-wide field">
        <label className="field-check" htmlFor={`${id}-lanSharing`}>
          <input
            id={`${id}-lanSharing`}
            type="checkbox"
            checked={draft.lanSharing && !usingContext}
            disabled={usingContext}
            onChange={(event) => onChange({ ...draft, lanSharing: event.target.checked })}
            aria-describedby={lanHintId}
            data-testid="lab-option-lan-sharing"
          />
          Share the lab on my network (LAN)
        </label>
        <p className={`field-hint${draft.lanSharing && !usingContext ? ' field-error' : ''}`} id={lanHintId} role={draft.lanSharing && !usingContext ? 'alert' : undefined} data-testid="lab-option-lan-sharing-hint">
          {usingContext ? 'Not used: MeshDeck publishes no ports of an existing cluster.' : LAN_SHARING_WARNING}
        </p>
      </div>
    </div>
  );
}
