// No lab yet: one big "Create my mesh" button, what it will build, and the options folded away.
// When the machine's checks failed, the button stays and says that the first step will stop
// on them, so the user is never left guessing.

import { useId, useState } from 'react';
import type { DoctorFindingInfo, LabOptionsInfo } from '../../../core/contract';
import { checkLabOptions, describeOptions, draftFromOptions, type KubeContextsView, type LabOptionsDraft } from '../model/lab-options';
import { Icon } from './Icon';
import { LabOptionsForm } from './LabOptionsForm';
import { LabPreflightNote } from './LabPreflightNote';

export function LabCreate({
  initial,
  busy,
  failedChecks,
  contexts,
  onOptionsOpen,
  onCreate,
}: {
  initial: LabOptionsInfo;
  busy: boolean;
  failedChecks: DoctorFindingInfo[];
  /** The user's kube contexts for the picker; `onOptionsOpen` (re)reads them. */
  contexts: KubeContextsView;
  onOptionsOpen: () => void;
  onCreate: (options: LabOptionsInfo) => void;
}) {
  const panelId = useId();
  const warningId = useId();
  const [draft, setDraft] = useState<LabOptionsDraft>(() => draftFromOptions(initial));
  const [open, setOpenState] = useState(false);
  const setOpen = (next: boolean) => {
    if (next && !open) onOptionsOpen();
    setOpenState(next);
  };
  const check = checkLabOptions(draft);
  const errors = check.ok ? {} : check.errors;

  function create() {
    if (!check.ok) {
      setOpen(true);
      return;
    }
    onCreate(check.options);
  }

  const summary = check.ok ? describeOptions(check.options) : 'Some options need fixing';
  return (
    <div className="lab-create" data-testid="lab-create-panel">
      <p className="lab-lead">
        One click builds a local <strong>kind</strong> cluster, installs <strong>Istio</strong> with sidecar injection, deploys the{' '}
        <strong>Bookinfo</strong> sample behind a gateway, and adds Prometheus, Grafana, Kiali and Jaeger. Steps that are already done are
        reused, so it is safe to run again.
      </p>
      <div className="lab-create-actions">
        <button
          type="button"
          className="button button-primary button-large"
          onClick={create}
          disabled={busy}
          aria-describedby={failedChecks.length > 0 ? warningId : undefined}
          data-testid="lab-create"
        >
          <Icon name="play" size={16} />
          {busy ? 'Starting…' : 'Create my mesh'}
        </button>
        <button
          type="button"
          className={`disclosure${open ? ' disclosure-open' : ''}`}
          aria-expanded={open}
          aria-controls={open ? panelId : undefined}
          onClick={() => setOpen(!open)}
          data-testid="lab-options"
        >
          <span className="chevron">
            <Icon name="chevron" size={14} />
          </span>
          Options
          <span className={`disclosure-summary${check.ok ? '' : ' disclosure-summary-invalid'}`}>{summary}</span>
        </button>
      </div>
      {failedChecks.length > 0 ? <LabPreflightNote id={warningId} failedChecks={failedChecks} /> : null}
      {open ? (
        <div className="options-panel">
          <LabOptionsForm id={panelId} draft={draft} errors={errors} contexts={contexts} onChange={setDraft} />
        </div>
      ) : null}
    </div>
  );
}
