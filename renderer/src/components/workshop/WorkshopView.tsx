// The Workshop screen: the pack picker, the pack's lessons with progress and time, and the chosen
// lesson. The presenter view (#/workshop/present) shows the same lesson for a projector.

import { useEffect, useState } from 'react';
import { packProgress } from '../../model/workshop-view';
import { chooseLesson, choosePack, loadWorkshop, openPack, revealHint, runWork, useWorkshopState, workshopStore } from '../../state/workshop-store';
import { ErrorNotice } from '../ErrorNotice';
import { LessonList } from './LessonList';
import { LessonPanel } from './LessonPanel';
import { PackPicker } from './PackPicker';
import { useWorkshopClient } from './use-workshop-client';
import { WorkConfirm } from './WorkConfirm';
import '../../styles/workshop.css';

export function WorkshopView() {
  const client = useWorkshopClient();
  const state = useWorkshopState((value) => value);
  const [confirmAll, setConfirmAll] = useState(false);
  useEffect(() => void loadWorkshop(client, workshopStore), [client]);
  const { pack, lesson } = state;
  const busy = state.work.kind === 'requesting' || state.work.kind === 'running';

  return (
    <div className="page page-wide ws-page" data-testid="section-workshop">
      <header className="page-header">
        <div>
          <h1 className="page-title">Workshop</h1>
          <p className="page-subtitle">{pack ? `${pack.title} ${pack.version} · ${packProgress(pack)}` : 'Lessons that know whether you did them, on your own lab.'}</p>
        </div>
        <div className="page-actions">
          <a className="button button-secondary" href="#/workshop/present" data-testid="workshop-present">
            Presenter view
          </a>
          <button type="button" className="button button-secondary" disabled={busy || !pack} onClick={() => setConfirmAll(true)} data-testid="workshop-reset-all">
            Reset workshop
          </button>
        </div>
      </header>
      <PackPicker packs={state.packs} packRef={state.packRef} opening={state.opening} onChoose={(ref) => void choosePack(client, workshopStore, ref)} onOpen={(path) => openPack(client, workshopStore, path)} />
      {state.error ? <ErrorNotice error={state.error} /> : null}
      {pack?.warnings.map((warning, index) => (
        <p key={index} className="ws-warning" role="note">
          {warning}
        </p>
      ))}
      {pack ? (
        <div className="ws-layout">
          <LessonList lessons={pack.lessonList} chosen={state.lessonId} current={pack.current} onChoose={(id) => void chooseLesson(client, workshopStore, id)} />
          {lesson ? (
            <LessonPanel
              lesson={lesson}
              namespace={pack.requires.namespaces[0] ?? 'default'}
              work={state.work}
              check={state.check}
              hints={state.hints}
              onWork={(work) => void runWork(client, workshopStore, work)}
              onDismissWork={() => workshopStore.getState().dispatch({ type: 'work-dismissed' })}
              onHint={(task) => void revealHint(client, workshopStore, task)}
              onChoose={(id) => void chooseLesson(client, workshopStore, id)}
            />
          ) : (
            <p className="lab-looking" role="status">
              <span className="spinner" aria-hidden="true" /> Reading the lesson…
            </p>
          )}
        </div>
      ) : !state.error ? (
        <p className="lab-looking" role="status">
          <span className="spinner" aria-hidden="true" /> Reading the pack…
        </p>
      ) : null}
      {confirmAll ? (
        <WorkConfirm
          work="reset-all"
          onDismiss={() => setConfirmAll(false)}
          onConfirm={() => {
            setConfirmAll(false);
            void runWork(client, workshopStore, 'reset-all');
          }}
        />
      ) : null}
    </div>
  );
}
