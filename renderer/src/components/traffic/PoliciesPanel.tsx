// The Policies panel for the selected service: what is in force (rules in order, faults,
// timeouts, retries, circuit breaker), a form per policy, "What MeshDeck writes" before applying,
// Apply based on the versions last read (CONFLICT when someone else wrote in between), Remove one
// policy at a time, and Undo of the last change (the core puts the objects back as they were before
// it, refusing when someone changed them since). Objects written by someone else are read-only
// until the user takes them over. Every word is checked by the core, as for the CLI.

import { useMemo, useState } from 'react';
import type { PolicyChangeInfo, RoutingBasisInfo, ServicePolicyInfo, TrafficServiceInfo } from '../../../../core/contract';
import { useCore } from '../../client-context';
import { changeOf, clearOf, fieldsFrom, POLICY_TABS, TAB_LABELS, type PolicyFields, type PolicyTab } from '../../model/policy-forms';
import { usePolicyChange, type ChangeRunner } from '../../state/use-policy-change';
import { useServicePolicy } from '../../state/use-service-policy';
import { ErrorNotice } from '../ErrorNotice';
import { ChangePreview } from './ChangePreview';
import { DismissButton } from './DismissButton';
import { PolicyActions } from './PolicyActions';
import { PolicyForm } from './PolicyForm';
import { PolicyInForce } from './PolicyInForce';
import { SecurityPanel } from './SecurityPanel';

const EMPTY: Record<PolicyTab, PolicyFields> = { fault: { percent: '100' }, timeout: {}, retry: {}, breaker: {}, route: {} };

function describeChange(change: PolicyChangeInfo): string {
  return change.kind === 'clear' ? `removing the ${change.clear}` : `the ${TAB_LABELS[change.kind as PolicyTab]?.toLowerCase() ?? change.kind}`;
}

function ForeignNotice({ policy, takeOver, onToggle }: { policy: ServicePolicyInfo; takeOver: boolean; onToggle: () => void }) {
  return (
    <div className="notice notice-warn" role="note" data-testid="policies-foreign">
      <div className="notice-body">
        <p className="notice-title">
          Written by someone else:{' '}
          {policy.objects
            .filter((o) => o.owner === 'foreign')
            .map((o) => `${o.kind} ${o.name} (${o.managers.join(', ') || 'unknown'})`)
            .join(', ')}
        </p>
        <p className="notice-message">{takeOver ? 'The next apply replaces these objects with MeshDeck’s, keeping what they say.' : 'Shown read-only. Take over to change them here.'}</p>
      </div>
      <div className="notice-action">
        <button type="button" className="button button-secondary" aria-pressed={takeOver} onClick={onToggle} data-testid="policies-takeover">
          {takeOver ? 'Keep read-only' : 'Take over'}
        </button>
      </div>
    </div>
  );
}

function PolicyTabs({ tab, onTab }: { tab: PolicyTab; onTab: (tab: PolicyTab) => void }) {
  return (
    <div className="segmented policy-tabs" role="tablist" aria-label="Policy">
      {POLICY_TABS.map((each) => (
        <button key={each} type="button" role="tab" className="segment" aria-selected={tab === each} aria-pressed={tab === each} onClick={() => onTab(each)} data-testid={`policy-tab-${each}`}>
          {TAB_LABELS[each]}
        </button>
      ))}
    </div>
  );
}

export function PoliciesPanel({ service }: { service: TrafficServiceInfo }) {
  const { client } = useCore();
  const { name, namespace } = service;
  const live = useServicePolicy(client, name, namespace);
  const runner = useMemo<ChangeRunner<PolicyChangeInfo, RoutingBasisInfo>>(
    () => ({
      preview: (change, takeOver) => client.call('policies.preview', { service: name, namespace, change, ...(takeOver ? { takeOver } : {}) }),
      apply: (change, basedOn, takeOver) => client.call('policies.apply', { service: name, namespace, change, basedOn, ...(takeOver ? { takeOver } : {}) }),
      undo: (basedOn) => client.call('policies.undo', { service: name, namespace, basedOn }),
      reload: live.reload,
    }),
    [client, name, namespace, live.reload],
  );
  const change = usePolicyChange(runner);
  const [tab, setTab] = useState<PolicyTab>('fault');
  const [fields, setFields] = useState(EMPTY);
  const [takeOver, setTakeOver] = useState(false);
  const policy = live.policy;
  const foreign = policy?.owner === 'foreign';
  const readOnly = foreign && !takeOver;

  const applyChange = (next: PolicyChangeInfo) => {
    if (!policy) return;
    const undo = { change: next, label: `Undo ${describeChange(next)}` };
    void change.apply(next, policy.basedOn, { takeOver, undo }).then((ok) => {
      if (ok) setTakeOver(false);
    });
  };

  return (
    <>
    <section className="card traffic-policies" aria-label={`Policies of ${name}`} data-testid="policies-panel" data-owner={policy?.owner ?? 'unknown'}>
      <header className="card-head">
        <h2 className="section-title">Policies of {name}</h2>
        <p className="section-subtitle">Faults, timeouts, retries, a circuit breaker and routing rules, written into the same VirtualService and DestinationRule as the split, each composed with what is there.</p>
      </header>
      {live.error ? <ErrorNotice error={live.error} /> : null}
      {foreign ? <ForeignNotice policy={policy} takeOver={takeOver} onToggle={() => setTakeOver(!takeOver)} /> : null}
      {policy ? (
        <PolicyInForce
          policy={policy}
          readOnly={readOnly}
          busy={change.busy}
          onEdit={(editTab, match) => {
            setTab(editTab);
            setFields({ ...fields, [editTab]: fieldsFrom(editTab, policy, match) });
          }}
          onRemove={(what, match) => applyChange(clearOf(what, match))}
        />
      ) : (
        <p className="drawer-loading" role="status">
          <span className="spinner" aria-hidden="true" /> Reading what is in force…
        </p>
      )}
      <PolicyTabs tab={tab} onTab={setTab} />
      <PolicyForm tab={tab} fields={fields[tab]} disabled={readOnly || change.busy} onField={(field, text) => setFields({ ...fields, [tab]: { ...fields[tab], [field]: text } })} />
      <PolicyActions
        testId="policy"
        disabled={readOnly || !policy}
        busy={change.busy}
        previewing={change.previewing}
        undoLabel={change.undo?.label ?? null}
        accepted={change.accepted}
        onPreview={() => void change.showPreview(changeOf(tab, fields[tab]), takeOver)}
        onApply={() => applyChange(changeOf(tab, fields[tab]))}
        onUndo={() => policy && void change.applyUndo(policy.basedOn)}
      />
      {change.error ? <ErrorNotice error={change.error} action={<DismissButton onClick={change.clearError} />} /> : null}
      {change.preview ? <ChangePreview preview={change.preview} testId="policy-preview" onClose={change.closePreview} /> : null}
    </section>
    <SecurityPanel service={name} namespace={namespace} security={policy?.security} reload={live.reload} />
    </>
  );
}
