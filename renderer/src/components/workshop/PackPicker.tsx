// Which pack the workshop runs: the built-in one and those opened before, and "Open pack…" with
// a path (a folder or pack.yaml on the machine running the core — the same in browser mode and
// on the desktop). A refused pack lists its problems as file:line:field; nothing is applied.

import { useState, type FormEvent } from 'react';
import type { WorkshopPackSummaryInfo } from '../../../../core/contract';
import { packRefOf, type OpeningView } from '../../state/workshop-state';
import { ErrorNotice } from '../ErrorNotice';

function Problems({ problems }: { problems: string[] }) {
  return (
    <div className="ws-problems" role="alert" data-testid="workshop-problems">
      <p className="notice-title">
        This pack was not opened: {problems.length} {problems.length === 1 ? 'problem' : 'problems'} to fix. Nothing was applied.
      </p>
      <ul>
        {problems.map((problem, index) => (
          <li key={index}>
            <code>{problem}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function PackPicker({ packs, packRef, opening, onChoose, onOpen }: { packs: WorkshopPackSummaryInfo[] | null; packRef: string; opening: OpeningView; onChoose: (ref: string) => void; onOpen: (path: string) => Promise<boolean> }) {
  const [path, setPath] = useState('');
  const [asking, setAsking] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!path.trim()) return;
    void onOpen(path.trim()).then((ok) => {
      if (ok) {
        setAsking(false);
        setPath('');
      }
    });
  }

  return (
    <div className="ws-picker">
      <label className="ws-picker-row">
        <span className="ws-label">Pack</span>
        <select className="ws-select" value={packRef} onChange={(event) => onChoose(event.target.value)} data-testid="workshop-pack">
          {(packs ?? []).map((pack) => (
            <option key={packRefOf(pack)} value={packRefOf(pack)}>
              {pack.title} {pack.source === 'built-in' ? '(built in)' : `(${pack.path})`}
            </option>
          ))}
        </select>
        <button type="button" className="button button-secondary" aria-expanded={asking} onClick={() => setAsking(!asking)} data-testid="workshop-open-toggle">
          Open pack…
        </button>
      </label>
      {asking ? (
        <form className="ws-open" onSubmit={submit}>
          <input className="ws-input" value={path} onChange={(event) => setPath(event.target.value)} placeholder="/path/to/pack or /path/to/pack.yaml" aria-label="Folder or pack.yaml of the pack" spellCheck={false} data-testid="workshop-open-path" />
          <button type="submit" className="button button-primary" disabled={opening.busy || !path.trim()} data-testid="workshop-open-submit">
            {opening.busy ? 'Checking…' : 'Open'}
          </button>
        </form>
      ) : null}
      {opening.problems.length > 0 ? <Problems problems={opening.problems} /> : opening.error ? <ErrorNotice error={opening.error} /> : null}
    </div>
  );
}
