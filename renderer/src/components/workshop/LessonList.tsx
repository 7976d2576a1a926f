// The pack's lessons in order, each with its progress mark (✓ passed, ◐ started) and its time.

import type { WorkshopLessonSummaryInfo } from '../../../../core/contract';
import { lessonMark, minutesLabel } from '../../model/workshop-view';

export function LessonList({ lessons, chosen, current, onChoose }: { lessons: WorkshopLessonSummaryInfo[]; chosen: string | null; current: string | null; onChoose: (id: string) => void }) {
  return (
    <ol className="ws-lessons" aria-label="Lessons" data-testid="workshop-lessons">
      {lessons.map((lesson, index) => {
        const mark = lessonMark(lesson);
        return (
          <li key={lesson.id}>
            <button type="button" className={`ws-lesson ws-lesson-${lesson.state}`} aria-current={lesson.id === chosen ? 'true' : undefined} onClick={() => onChoose(lesson.id)} data-testid={`workshop-lesson-${lesson.id}`} data-state={lesson.state}>
              <span className="ws-lesson-mark" title={mark.label} aria-label={mark.label}>
                {mark.symbol}
              </span>
              <span className="ws-lesson-title">
                {index + 1}. {lesson.title}
                {lesson.id === current ? <span className="ws-current"> · presenting</span> : null}
              </span>
              <span className="ws-lesson-time">{minutesLabel(lesson.minutes)}</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
