// A pack's Markdown in the page. The HTML comes from renderLessonMarkdown, which escapes the
// author's raw HTML and refuses script links, so it is the one place innerHTML is set.

import { useMemo } from 'react';
import { renderLessonMarkdown } from '../../model/workshop-markdown';

export function LessonMarkdown({ source, className, testId }: { source: string; className?: string; testId?: string }) {
  const html = useMemo(() => renderLessonMarkdown(source), [source]);
  return <div className={`ws-markdown${className ? ` ${className}` : ''}`} data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}
