// The Setup screen's list of labs, when there is more than one: each lab's name, where it is,
// its state in words, which one is current, its Bookinfo link while it runs, and "Use this lab"
// to make another one current. Quiet (nothing at all) with one lab.

import { useEffect } from 'react';
import type { LabSummaryInfo } from '../../../core/contract';
import { useCore } from '../client-context';
import { labKey, labStateWord, labWhere, orderLabs, showLabList } from '../model/lab-list';
import { labStore } from '../state/lab-store';
import { labsStore, loadLabs, makeLabCurrent, useLabsState } from '../state/labs-store';
import { ErrorNotice } from './ErrorNotice';
import { Icon } from './Icon';

const STATE_CLASS: Record<LabSummaryInfo['state'], string> = { running: 'status-ok', unreachable: 'status-warn', absent: 'status-skipped' };

function LabRow({ lab, busy, onUse }: { lab: LabSummaryInfo; busy: boolean; onUse: () => void }) {
  return (
    <li className={`lab-list-row${lab.current ? ' lab-list-current' : ''}`} data-testid="lab-list-row" data-lab={lab.name} aria-current={lab.current ? 'true' : undefined}>
      <div className="lab-list-main">
        <span className="lab-list-name">{lab.name}</span>
        <span className="lab-list-where">{labWhere(lab)}</span>
      </div>
      <span className={`status-badge ${STATE_CLASS[lab.state]}`} title={lab.problem?.message}>
        {labStateWord(lab.state)}
      </span>
      <div className="lab-list-actions">
        {lab.state === 'running' && lab.bookinfoUrl ? (
          <a className="button button-quiet" href={lab.bookinfoUrl} target="_blank" rel="noopener noreferrer" data-testid="lab-list-bookinfo">
            Bookinfo
            <Icon name="external" size={13} />
          </a>
        ) : null}
        {lab.current ? (
          <span className="lab-list-current-tag">Current</span>
        ) : (
          <button type="button" className="button button-secondary" onClick={onUse} disabled={busy} data-testid="lab-list-use">
            Use this lab
          </button>
        )}
      </div>
    </li>
  );
}

export function LabList() {
  const { client } = useCore();
  const labs = useLabsState((state) => state.labs);
  const selecting = useLabsState((state) => state.selecting);
  const selectError = useLabsState((state) => state.selectError);

  useEffect(() => {
    void loadLabs(client, labsStore);
  }, [client]);

  if (!showLabList(labs)) return null;
  return (
    <section className="lab-list" aria-labelledby="lab-list-heading" data-testid="lab-list">
      <header className="lab-list-head">
        <h2 className="section-title" id="lab-list-heading">
          Your labs
        </h2>
        <p className="section-subtitle">Commands and screens work on the current lab. Pick another one to work on it instead.</p>
      </header>
      {selectError ? <ErrorNotice error={selectError} /> : null}
      <ul className="lab-list-rows">
        {orderLabs(labs).map((lab) => (
          <LabRow key={labKey(lab)} lab={lab} busy={selecting !== null} onUse={() => void makeLabCurrent(client, labsStore, lab, labStore)} />
        ))}
      </ul>
    </section>
  );
}
