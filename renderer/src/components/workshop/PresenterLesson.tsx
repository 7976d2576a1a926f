// The presenter's lesson column: the title, the body and each task with where in MeshDeck, the
// kubectl command the room types, and its hint once revealed.

import type { WorkshopLessonInfo } from '../../../../core/contract';
import { hintKey } from '../../state/workshop-state';
import { LessonMarkdown } from './LessonMarkdown';

export function PresenterLesson({ lesson, hints }: { lesson: WorkshopLessonInfo; hints: Record<string, string> }) {
  return (
    <section className="pv-lesson">
      <h1 className="pv-title" data-testid="presenter-title">
        {lesson.title}
      </h1>
      <LessonMarkdown source={lesson.body} className="pv-body" />
      <ol className="pv-tasks">
        {lesson.tasks.map((task) => {
          const hint = hints[hintKey(lesson.id, task.id)];
          return (
            <li key={task.id} className={task.passedAt ? 'pv-task pv-task-done' : 'pv-task'}>
              <p className="pv-task-title">
                {task.passedAt ? '✓ ' : ''}
                {task.title}
              </p>
              {task.instructions.ui ? <p className="pv-task-ui">{task.instructions.ui}</p> : null}
              {task.instructions.kubectl ? <pre className="pv-command">{task.instructions.kubectl}</pre> : null}
              {hint !== undefined ? <LessonMarkdown source={hint} className="pv-hint" testId={`presenter-hint-${task.id}`} /> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
