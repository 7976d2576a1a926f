// The Security section beside the service's policies: the namespace's mTLS mode (or the mesh's,
// in istio-system) and authorization per workload or for the whole namespace (allow-nothing,
// deny-all, ALLOW from principals or namespaces with methods and paths); what is in force for the
// service, the same preview, apply, remove and undo as the policies. The core checks every word.

import { useMemo, useState } from 'react';
import type { SecurityChangeInfo, SecurityInForceInfo } from '../../../../core/contract';
import { useCore } from '../../client-context';
import { usePolicyChange, type ChangeRunner } from '../../state/use-policy-change';
import { ErrorNotice } from '../ErrorNotice';
import { ChangePreview } from './ChangePreview';
import { DismissButton } from './DismissButton';
import { PolicyActions } from './PolicyActions';

type Form = { target: 'mtls' | 'authz'; mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE'; mesh: boolean; workload: string; action: 'allow' | 'deny-all' | 'allow-nothing'; from: string; methods: string; paths: string };

function changeOf(form: Form, clear = false): SecurityChangeInfo {
  const cleared = clear ? { clear: true } : {};
  if (form.target === 'mtls') return { kind: 'mtls', ...(clear ? {} : { mode: form.mode }), ...(form.mesh ? { mesh: true } : {}), ...cleared };
  const words = Object.fromEntries((['from', 'methods', 'paths'] as const).filter((name) => form.action === 'allow' && form[name].trim() !== '').map((name) => [name, form[name].trim()]));
  return { kind: 'authz', action: form.action, ...(form.workload.trim() ? { workload: form.workload.trim() } : {}), ...words, ...cleared };
}

/** The mode the namespace's (or the mesh's) PeerAuthentication "default" set before a change; null when none decided it. */
function previousMode(security: SecurityInForceInfo | undefined, form: Form, namespace: string): Form['mode'] | null {
  const mode = security?.mtls.mode;
  const home = form.mesh ? 'istio-system' : namespace;
  return security?.mtls.object === `${home}/default` && (mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE') ? mode : null;
}

/**
 * What puts things back, through the same apply: a mode that was set before is written again;
 * otherwise undoing a write removes it and undoing a removal writes it again.
 */
function undoOf(form: Form, clear: boolean, security: SecurityInForceInfo | undefined, namespace: string): SecurityChangeInfo {
  const previous = form.target === 'mtls' ? previousMode(security, form, namespace) : null;
  return previous ? changeOf({ ...form, mode: previous }) : changeOf(form, !clear);
}

function InForce({ security, namespace }: { security: SecurityInForceInfo | undefined; namespace: string }) {
  if (!security) return <p className="field-hint">This cluster has no security.istio.io API: install Istio first.</p>;
  return (
    <div className="policy-in-force" data-testid="security-in-force" data-mtls={security.mtls.mode}>
      <p className="policy-rule">
        <span className="policy-rule-match">mTLS</span> {security.mtls.mode} {security.mtls.object ? `(PeerAuthentication ${security.mtls.object})` : `(no PeerAuthentication in ${namespace} or the mesh: Istio's default)`}
      </p>
      {security.authorization.length === 0 ? <p className="field-hint">No AuthorizationPolicy selects it: every request is allowed.</p> : null}
      {security.authorization.map((policy) => (
        <p key={`${policy.namespace}/${policy.name}`} className="policy-rule" data-testid="security-authz">
          <span className="policy-rule-match">{policy.action}</span> AuthorizationPolicy {policy.namespace}/{policy.name}, {policy.rules} rule{policy.rules === 1 ? '' : 's'}
          {policy.owner === 'foreign' ? ' (written by someone else)' : ''}
        </p>
      ))}
    </div>
  );
}

/** The fields of the mTLS or the authorization form. */
function SecurityFields({ form, namespace, set }: { form: Form; namespace: string; set: (patch: Partial<Form>) => void }) {
  return form.target === 'mtls' ? (
      <div className="policy-form">
        <div className="field">
          <label className="field-label" htmlFor="security-mode">Mode for {form.mesh ? 'the whole mesh (istio-system)' : `namespace ${namespace}`}</label>
          <select id="security-mode" className="input" value={form.mode} onChange={(event) => set({ mode: event.currentTarget.value as Form['mode'] })} data-testid="security-mode">
            <option value="STRICT">STRICT (mTLS only)</option>
            <option value="PERMISSIVE">PERMISSIVE (both)</option>
            <option value="DISABLE">DISABLE (plaintext)</option>
          </select>
        </div>
        <label className="field-check">
          <input type="checkbox" checked={form.mesh} onChange={(event) => set({ mesh: event.currentTarget.checked })} data-testid="security-mesh" /> Mesh-wide (--mesh)
        </label>
      </div>
    ) : (
      <div className="policy-form">
        <div className="field">
          <label className="field-label" htmlFor="security-workload">Workload (app label)</label>
          <input id="security-workload" className="input" value={form.workload} placeholder={`blank: all of ${namespace}`} onChange={(event) => set({ workload: event.currentTarget.value })} data-testid="security-workload" />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="security-action">Action</label>
          <select id="security-action" className="input" value={form.action} onChange={(event) => set({ action: event.currentTarget.value as Form['action'] })} data-testid="security-action">
            <option value="deny-all">deny-all (DENY every request)</option>
            <option value="allow-nothing">allow-nothing (ALLOW, no rules)</option>
            <option value="allow">allow (add an ALLOW rule)</option>
          </select>
        </div>
        {form.action === 'allow'
          ? (['from', 'methods', 'paths'] as const).map((name) => (
              <div key={name} className="field">
                <label className="field-label" htmlFor={`security-${name}`}>{name === 'from' ? 'From (--from)' : name === 'methods' ? 'Methods (--methods)' : 'Paths (--paths)'}</label>
                <input id={`security-${name}`} className="input" value={form[name]} placeholder={name === 'from' ? 'sa:default/bookinfo-productpage, ns:default' : name === 'methods' ? 'GET' : '/api/*'} onChange={(event) => set({ [name]: event.currentTarget.value })} data-testid={`security-${name}`} />
              </div>
            ))
          : null}
      </div>
    );
}

export function SecurityPanel({ service, namespace, security, reload }: { service: string; namespace: string; security: SecurityInForceInfo | undefined; reload: () => Promise<void> }) {
  const { client } = useCore();
  const [form, setForm] = useState<Form>({ target: 'mtls', mode: 'STRICT', mesh: false, workload: service, action: 'deny-all', from: '', methods: '', paths: '' });
  const [takeOver, setTakeOver] = useState(false);
  // The change the open preview shows: its apply is based on the object that preview read.
  const [previewed, setPreviewed] = useState<string | null>(null);
  const runner = useMemo<ChangeRunner<SecurityChangeInfo, string | null | undefined>>(
    () => ({
      preview: (change, over) => client.call('security.preview', { namespace, change, ...(over ? { takeOver: over } : {}) }),
      apply: (change, basedOn, over) => client.call('security.apply', { namespace, change, ...(basedOn !== undefined ? { basedOn } : {}), ...(over ? { takeOver: over } : {}) }),
      reload,
    }),
    [client, namespace, reload],
  );
  const change = usePolicyChange(runner);
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const apply = (clear: boolean) => {
    const next = changeOf(form, clear);
    const basedOn = change.preview && previewed === JSON.stringify(next) ? change.preview.basedOn : undefined;
    void change.apply(next, basedOn, { takeOver, undo: { change: undoOf(form, clear, security, namespace), label: clear ? 'Undo the removal' : `Undo ${form.target === 'mtls' ? `mTLS ${form.mode}` : form.action}` } });
  };
  return (
    <section className="card traffic-security" aria-label="Security" data-testid="security-panel">
      <header className="card-head">
        <h2 className="section-title">Security of {service}</h2>
        <p className="section-subtitle">mTLS is only seen from inside the mesh: send from the curl pod (meshdeck traffic --from curl -n NAMESPACE) to see a plaintext client refused.</p>
      </header>
      <InForce security={security} namespace={namespace} />
      <div className="segmented policy-tabs" role="tablist" aria-label="Security object">
        <button type="button" role="tab" className="segment" aria-selected={form.target === 'mtls'} aria-pressed={form.target === 'mtls'} onClick={() => set({ target: 'mtls' })} data-testid="security-tab-mtls">
          mTLS (PeerAuthentication)
        </button>
        <button type="button" role="tab" className="segment" aria-selected={form.target === 'authz'} aria-pressed={form.target === 'authz'} onClick={() => set({ target: 'authz' })} data-testid="security-tab-authz">
          Authorization
        </button>
      </div>
      <SecurityFields form={form} namespace={namespace} set={set} />
      <label className="field-check">
        <input type="checkbox" checked={takeOver} onChange={(event) => setTakeOver(event.currentTarget.checked)} data-testid="security-takeover" /> Take over an object someone else wrote (--take-over)
      </label>
      <PolicyActions testId="security" disabled={false} busy={change.busy} previewing={change.previewing} undoLabel={change.undo?.label ?? null} accepted={change.accepted} onPreview={() => {
          setPreviewed(JSON.stringify(changeOf(form)));
          void change.showPreview(changeOf(form), takeOver);
        }} onApply={() => apply(false)} onUndo={() => void change.applyUndo(undefined)} />
      <button type="button" className="button button-quiet button-small" disabled={change.busy} onClick={() => apply(true)} data-testid="security-remove">
        Remove this {form.target === 'mtls' ? 'PeerAuthentication' : 'AuthorizationPolicy'}
      </button>
      {change.error ? <ErrorNotice error={change.error} action={<DismissButton onClick={change.clearError} />} /> : null}
      {change.preview ? <ChangePreview preview={change.preview} testId="security-preview" onClose={change.closePreview} /> : null}
    </section>
  );
}
