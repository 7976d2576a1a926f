// Copies a command to the clipboard and says so for a moment; the command stays selectable
// text, so copying by hand works where the Clipboard API is not allowed.

import { useEffect, useRef, useState } from 'react';
import { Icon } from './Icon';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setState('idle'), 1600);
  }

  const said = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text' : '';
  return (
    <button type="button" className={`copy-button copy-${state}`} onClick={copy} aria-label={label} title={said || label}>
      <Icon name={state === 'copied' ? 'check' : 'copy'} size={14} />
      <span className="visually-hidden" role="status">
        {said}
      </span>
    </button>
  );
}
