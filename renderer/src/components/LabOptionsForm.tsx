// The folded-away options of "Create my mesh": cluster name, Istio version, gateway host ports,
// or an existing kube context instead of a new kind cluster (picked from the user's kubeconfig,
// or typed), and whether the new cluster's context also goes into the user's kubeconfig. Each
// field says what is wrong with it as the user types, with the same rules the core applies.

import type { ChangeEvent } from 'react';
import { ISTIO_VERSIONS, contextHint, type KubeContextsView, type LabOptionsDraft, type LabOptionsField } from '../model/lab-options';
import { LabClusterChecks } from './LabClusterChecks';
import { LabContextInput } from './LabContextInput';
import { LabOptionField } from './LabOptionField';
import { LabPortInput } from './LabPortInput';

type FieldErrors = Partial<Record<LabOptionsField, string>>;

export function LabOptionsForm({ id, draft, errors, contexts, onChange }: { id: string; draft: LabOptionsDraft; errors: FieldErrors; contexts: KubeContextsView; onChange: (draft: LabOptionsDraft) => void }) {
  const set = (field: LabOptionsField) => (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => onChange({ ...draft, [field]: event.target.value });
  const versions: string[] = (ISTIO_VERSIONS as readonly string[]).includes(draft.istioVersion) ? [...ISTIO_VERSIONS] : [...ISTIO_VERSIONS, draft.istioVersion];
  const usingContext = draft.context.trim() !== '';

  return (
    <div className="options-grid" id={id}>
      <LabOptionField formId={id} name="name" label="Cluster name" hint={usingContext ? 'Not used: MeshDeck sets up the existing cluster below.' : 'The kind cluster; its kube context is kind-<name>.'} error={errors.name}>
        {(describedBy) => (
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
        )}
      </LabOptionField>
      <LabOptionField formId={id} name="istioVersion" label="Istio version" hint="istioctl, Bookinfo and the addons come from this release." error={errors.istioVersion}>
        {(describedBy) => (
          <select id={`${id}-istioVersion`} className="input" value={draft.istioVersion} onChange={set('istioVersion')} aria-describedby={describedBy} data-testid="lab-option-istio">
            {versions.map((version) => (
              <option key={version} value={version}>
                {version}
                {version === ISTIO_VERSIONS[0] ? ' (default)' : ''}
              </option>
            ))}
          </select>
        )}
      </LabOptionField>
      <LabOptionField formId={id} name="httpPort" label="HTTP port" hint="Bookinfo and the dashboards, on 127.0.0.1 only." error={errors.httpPort}>
        {(describedBy) => <LabPortInput id={`${id}-httpPort`} value={draft.httpPort} invalid={Boolean(errors.httpPort)} describedBy={describedBy} onChange={set('httpPort')} testId="lab-option-http-port" />}
      </LabOptionField>
      <LabOptionField formId={id} name="httpsPort" label="HTTPS port" hint="The gateway’s TLS port, on 127.0.0.1 only." error={errors.httpsPort}>
        {(describedBy) => <LabPortInput id={`${id}-httpsPort`} value={draft.httpsPort} invalid={Boolean(errors.httpsPort)} describedBy={describedBy} onChange={set('httpsPort')} testId="lab-option-https-port" />}
      </LabOptionField>
      <div className="options-wide">
        <LabOptionField formId={id} name="context" label="Use an existing cluster (kube context)" hint={contextHint(contexts, draft.context)} error={errors.context}>
          {(describedBy) => (
            <LabContextInput id={`${id}-context`} value={draft.context} contexts={contexts} invalid={Boolean(errors.context)} describedBy={describedBy} onChange={(context) => onChange({ ...draft, context })} />
          )}
        </LabOptionField>
      </div>
      <LabClusterChecks id={id} draft={draft} onChange={onChange} />
    </div>
  );
}
