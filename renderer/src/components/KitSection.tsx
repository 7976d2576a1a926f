// The Setup screen's workshop kit: "Prepare for offline" writes everything a lab downloads and
// pulls into one file (kit.export), "Import workshop kit" verifies such a file and loads it
// (kit.import). Paths are typed: the desktop preload has no file dialog, and browser mode
// cannot hand a local path to the core. Each card shows its task's byte progress and result.

import { useEffect, useState, type FormEvent } from 'react';
import { useCore } from '../client-context';
import { defaultKitPath, kitResultView } from '../model/kit-view';
import { useAppState } from '../state/app-store';
import { cancelKitJob, isKitBusy, kitResult, kitStore, kitTask, setKitPath, startKitJob, useKitState, type KitJob } from '../state/kit-store';
import { ErrorNotice } from './ErrorNotice';
import { Icon } from './Icon';
import { TaskProgress } from './TaskProgress';

const TEXT: Record<KitJob, { title: string; lead: string; action: string; running: string; hint: string }> = {
  export: {
    title: 'Prepare for offline',
    lead: 'Write kind, the Istio release and every image the lab needs into one file. Copy it to a USB stick or a share for a classroom without internet.',
    action: 'Export kit',
    running: 'Writing the workshop kit',
    hint: 'Where to write the kit file.',
  },
  import: {
    title: 'Import a workshop kit',
    lead: 'Check every part of a kit file against its manifest, then load its images into Docker and its tools into MeshDeck, so the lab builds offline.',
    action: 'Import kit',
    running: 'Importing the workshop kit',
    hint: 'The kit file, e.g. one copied from a USB stick.',
  },
};

function KitResult({ job }: { job: KitJob }) {
  const result = useKitState((state) => kitResult(state[job]));
  if (!result) return null;
  const view = kitResultView(result);
  return (
    <div className="kit-result" role="status" data-testid={`kit-${job}-result`}>
      <Icon name="ok" size={18} />
      <div>
        <p className="kit-result-title">{job === 'export' ? 'Kit written' : 'Kit imported'}</p>
        <p className="kit-result-line">
          <code>{view.path}</code> · {view.size}
        </p>
        <p className="kit-result-line">
          {view.parts} · {view.versions}
        </p>
        {view.loadedImages ? (
          <p className="kit-result-line" data-testid="kit-import-loaded">
            {view.loadedImages.length === 0 ? 'Docker already had every image.' : `Loaded ${view.loadedImages.length} image${view.loadedImages.length === 1 ? '' : 's'} into Docker: ${view.loadedImages.join(', ')}`}
          </p>
        ) : null}
      </div>
    </div>
  );
}

function KitCard({ job }: { job: KitJob }) {
  const { client } = useCore();
  const state = useKitState((value) => value[job]);
  const task = kitTask(state);
  const busy = isKitBusy(state);
  const text = TEXT[job];
  const fieldId = `kit-${job}-path`;
  const [overwrite, setOverwrite] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void startKitJob(client, kitStore, job, { overwrite: job === 'export' && overwrite });
  };
  return (
    <form className="kit-card" onSubmit={submit} data-testid={`kit-${job}`} data-task-state={task?.state ?? 'idle'} aria-labelledby={`${fieldId}-title`}>
      <h3 className="kit-card-title" id={`${fieldId}-title`}>
        {text.title}
      </h3>
      <p className="kit-card-lead">{text.lead}</p>
      <div className="field">
        <label className="field-label" htmlFor={fieldId}>
          Kit file
        </label>
        <input id={fieldId} className="input" value={state.path} onChange={(event) => setKitPath(kitStore, job, event.target.value)} disabled={busy} spellCheck={false} placeholder="/path/to/istio-workshop.kit" data-testid={`${fieldId}`} />
        <span className="field-hint">{text.hint}</span>
      </div>
      <div className="kit-card-actions">
        {job === 'export' ? (
          <label className="kit-check">
            <input type="checkbox" checked={overwrite} onChange={(event) => setOverwrite(event.target.checked)} disabled={busy} data-testid="kit-export-overwrite" /> Replace the file if it exists
          </label>
        ) : (
          <span />
        )}
        {/* While the task runs, Cancel takes the start button's place. */}
        {busy && task ? (
          <button type="button" className="button button-secondary" onClick={() => void cancelKitJob(client, kitStore, job)} data-testid={`kit-${job}-cancel`}>
            <Icon name="stop" size={16} />
            Cancel
          </button>
        ) : (
          <button type="submit" className="button button-primary" disabled={busy || state.path.trim() === ''} data-testid={`kit-${job}-start`}>
            {text.action}
          </button>
        )}
      </div>
      {state.requestError ? <ErrorNotice error={state.requestError} /> : null}
      {busy ? <TaskProgress task={task} label={text.running} /> : null}
      {task?.state === 'failed' ? <ErrorNotice error={task.error ?? { code: 'INTERNAL', message: 'The kit task stopped without saying why. Try again.' }} /> : null}
      {task?.state === 'cancelled' ? <p className="kit-cancelled" role="status">Cancelled; nothing half-written was kept.</p> : null}
      <KitResult job={job} />
    </form>
  );
}

export function KitSection() {
  const status = useAppState((state) => state.status);
  const exportPath = useKitState((state) => state.export.path);
  // The export's field starts at the user's Downloads once the core has said where that is.
  useEffect(() => {
    const path = defaultKitPath(status);
    if (path && exportPath === '') setKitPath(kitStore, 'export', path);
    // Only when the status arrives: a field the user cleared stays cleared.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status]);
  return (
    <section className="kit-section" aria-labelledby="kit-title" data-testid="kit-section">
      <header className="section-header">
        <div>
          <h2 className="section-title" id="kit-title">
            Workshop kit
          </h2>
          <p className="section-subtitle">One file with everything a lab downloads, for rooms with slow, shared or no internet.</p>
        </div>
      </header>
      <div className="kit-cards">
        <KitCard job="export" />
        <KitCard job="import" />
      </div>
    </section>
  );
}
