// The chosen lesson: its title, time and progress, deep links, body, the lesson's work (Start,
// Check my work, Solve for me, Reset lesson — the last two asked first), how that work went, the
// last check's results and the tasks.

import { useState } from 'react';
import type { WorkshopCheckInfo, WorkshopLessonInfo } from '../../../../core/contract';
import { lessonMark, minutesLabel } from '../../model/workshop-view';
import { hintKey, type WorkView, type WorkshopWork } from '../../state/workshop-state';
import { CheckResults } from './CheckResults';
import { LessonLinks } from './LessonLinks';
import { LessonMarkdown } from './LessonMarkdown';
import { TaskCard } from './TaskCard';
import { WorkConfirm, type ConfirmedWork } from './WorkConfirm';
import { WorkStatus } from './WorkStatus';

export interface LessonPanelProps {
  lesson: WorkshopLessonInfo;
  namespace: string;
  work: WorkView;
  check: WorkshopCheckInfo | null;
  hints: Record<string, string>;
  onWork: (work: WorkshopWork) => void;
  onDismissWork: () => void;
  onHint: (task: string) => void;
  onChoose: (lesson: string) => void;
}

export function LessonPanel({ lesson, namespace, work, check, hints, onWork, onDismissWork, onHint, onChoose }: LessonPanelProps) {
  const [confirming, setConfirming] = useState<ConfirmedWork | null>(null);
  const busy = work.kind === 'requesting' || work.kind === 'running';
  const mark = lessonMark(lesson);
  return (
    <section className="ws-lesson-panel" aria-labelledby="ws-lesson-title" data-testid="workshop-lesson" data-lesson={lesson.id}>
      <header className="ws-lesson-head">
        <div>
          <h2 className="ws-lesson-heading" id="ws-lesson-title">
            {lesson.title}
          </h2>
          <p className="ws-lesson-meta">
            {minutesLabel(lesson.minutes)} · {mark.symbol} {mark.label}
          </p>
        </div>
        <div className="ws-lesson-nav">
          <button type="button" className="button button-secondary" disabled={!lesson.previous} onClick={() => lesson.previous && onChoose(lesson.previous)} aria-label="Previous lesson">
            ←
          </button>
          <button type="button" className="button button-secondary" disabled={!lesson.next} onClick={() => lesson.next && onChoose(lesson.next)} aria-label="Next lesson">
            →
          </button>
        </div>
      </header>
      <LessonLinks links={lesson.links} namespace={namespace} />
      <LessonMarkdown source={lesson.body} testId="workshop-body" />
      <div className="ws-actions" role="group" aria-label="Lesson">
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => onWork('start')} data-testid="workshop-start">
          Start lesson
        </button>
        <button type="button" className="button button-primary" disabled={busy} onClick={() => onWork('check')} data-testid="workshop-check-button">
          Check my work
        </button>
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => setConfirming('solve')} data-testid="workshop-solve">
          Solve for me
        </button>
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => setConfirming('reset')} data-testid="workshop-reset">
          Reset lesson
        </button>
      </div>
      <WorkStatus work={work} onDismiss={onDismissWork} />
      {check && check.lesson === lesson.id ? <CheckResults check={check} /> : null}
      <div className="ws-tasks">
        {lesson.tasks.map((task, index) => (
          <TaskCard key={task.id} task={task} index={index} hint={hints[hintKey(lesson.id, task.id)]} onHint={() => onHint(task.id)} />
        ))}
      </div>
      {confirming ? (
        <WorkConfirm
          work={confirming}
          onDismiss={() => setConfirming(null)}
          onConfirm={() => {
            setConfirming(null);
            onWork(confirming);
          }}
        />
      ) : null}
    </section>
  );
}
