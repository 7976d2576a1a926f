// Copies the terminal's selection to the clipboard and says for a moment whether that worked.

import { useEffect, useState } from 'react';
import { Icon } from '../Icon';
import type { XtermHandle } from './XtermView';

/** How long "Copied" (or "Copy failed") shows before the button reads "Copy" again. */
const FEEDBACK_MS = 1600;

export function LogCopyButton({ xterm, hasSelection }: { xterm: XtermHandle | null; hasSelection: boolean }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (copied === 'idle') return;
    const timer = window.setTimeout(() => setCopied('idle'), FEEDBACK_MS);
    return () => window.clearTimeout(timer);
  }, [copied]);

  async function copy(): Promise<void> {
    const text = xterm?.terminal.getSelection() ?? '';
    if (text === '') return;
    try {
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <button type="button" className="log-tool" onClick={() => void copy()} disabled={!hasSelection} title="Copy the selected text" data-testid="logs-copy">
      <Icon name={copied === 'copied' ? 'check' : 'copy'} size={13} />
      {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}
