// A finding's advice as selectable prose; each command sits in monospace with its own copy
// button, where it appears in the sentence.

import { adviceSegments } from '../model/advice-segments';
import { CopyButton } from './CopyButton';

export function AdviceText({ advice }: { advice: string }) {
  return (
    <p className="advice">
      {adviceSegments(advice).map((segment, index) =>
        segment.kind === 'text' ? (
          <span key={index}>{segment.text}</span>
        ) : (
          <span className="command" key={index}>
            <code className="command-text">{segment.command}</code>
            <CopyButton text={segment.command} label={`Copy command: ${segment.command}`} />
          </span>
        ),
      )}
    </p>
  );
}
