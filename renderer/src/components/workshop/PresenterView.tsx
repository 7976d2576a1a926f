// The presenter view for projectors (#/workshop/present): the current lesson in large type and
// high contrast, its tasks with their commands, and the last check's results. The keyboard drives
// it (←/→ lesson, c check, h hint, s solve after asking, f full screen, ? keys). It follows
// `workshop:changed`, so a second screen in browser mode shows what the presenter moves to.

import { useEffect, useState } from 'react';
import type { PresenterAction } from '../../model/workshop-view';
import { loadWorkshop, presentLesson, revealHint, runWork, setFollowing, useWorkshopState, workshopStore } from '../../state/workshop-store';
import { ErrorNotice } from '../ErrorNotice';
import { CheckResults } from './CheckResults';
import { PresenterKeys } from './PresenterKeys';
import { PresenterLesson } from './PresenterLesson';
import { usePresenterKeys } from './use-presenter-keys';
import { useWorkshopClient } from './use-workshop-client';
import { WorkConfirm } from './WorkConfirm';
import { WorkStatus } from './WorkStatus';
import '../../styles/workshop.css';
import '../../styles/presenter.css';

export function PresenterView() {
  const client = useWorkshopClient();
  const state = useWorkshopState((value) => value);
  const [keys, setKeys] = useState(false);
  const [solving, setSolving] = useState(false);
  useEffect(() => {
    setFollowing(workshopStore, true);
    void loadWorkshop(client, workshopStore);
    return () => setFollowing(workshopStore, false);
  }, [client]);

  const { pack, lesson } = state;
  const position = pack && lesson ? pack.lessonList.findIndex((each) => each.id === lesson.id) + 1 : 0;
  const firstOpen = lesson?.tasks.find((task) => !task.passedAt) ?? lesson?.tasks[0];

  usePresenterKeys((action: PresenterAction) => {
    if (action === 'previous' || action === 'next') void presentLesson(client, workshopStore, action);
    else if (action === 'check') void runWork(client, workshopStore, 'check');
    else if (action === 'hint' && firstOpen?.hasHint) void revealHint(client, workshopStore, firstOpen.id);
    else if (action === 'solve') setSolving(true);
    else if (action === 'fullscreen') void (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()).catch(() => undefined);
    else if (action === 'keys') setKeys(!keys);
    else if (action === 'close') setKeys(false);
  });

  return (
    <div className="pv" data-testid="presenter" data-lesson={lesson?.id ?? ''}>
      <header className="pv-bar">
        <span className="pv-pack">{pack ? pack.title : 'Workshop'}</span>
        {pack && position > 0 ? (
          <span className="pv-position" data-testid="presenter-position">
            Lesson {position} of {pack.lessons}
          </span>
        ) : null}
        <span className="pv-help">
          <kbd>?</kbd> keys · <a href="#/workshop">Leave</a>
        </span>
      </header>
      {state.error ? <ErrorNotice error={state.error} /> : null}
      {lesson ? (
        <main className="pv-main">
          <PresenterLesson lesson={lesson} hints={state.hints} />
          <aside className="pv-side">
            <WorkStatus work={state.work} onDismiss={() => workshopStore.getState().dispatch({ type: 'work-dismissed' })} />
            {state.check && state.check.lesson === lesson.id ? <CheckResults check={state.check} large /> : <p className="pv-nocheck">Press <kbd>c</kbd> to check the lesson.</p>}
          </aside>
        </main>
      ) : (
        <p className="pv-loading" role="status">
          Reading the lesson…
        </p>
      )}
      {keys ? <PresenterKeys onClose={() => setKeys(false)} /> : null}
      {solving ? (
        <WorkConfirm
          work="solve"
          onDismiss={() => setSolving(false)}
          onConfirm={() => {
            setSolving(false);
            void runWork(client, workshopStore, 'solve');
          }}
        />
      ) : null}
    </div>
  );
}
