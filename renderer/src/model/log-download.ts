// What "Download" saves: the text of the terminal's buffer (the only copy of the lines the
// viewer keeps), with rows that xterm wrapped joined back into one line, and a file name that
// says what the log is and when it was taken.

export interface BufferRow {
  /** The row's text, untrimmed: a space where xterm wrapped belongs to the line. */
  text: string;
  /** xterm wrapped this row from the one before: it continues that line. */
  isWrapped: boolean;
}

/**
 * The buffer's rows as lines of text: wrapped rows joined, each line's trailing blanks (the
 * empty cells up to the terminal's width) trimmed, trailing empty lines dropped. Ends with
 * "\n" unless empty.
 */
export function bufferText(rowCount: number, row: (index: number) => BufferRow | undefined): string {
  const lines: string[] = [];
  let current = '';
  let started = false;
  for (let index = 0; index < rowCount; index++) {
    const next = row(index);
    if (!next) continue;
    if (next.isWrapped && started) {
      current += next.text;
      continue;
    }
    if (started) lines.push(current.trimEnd());
    current = next.text;
    started = true;
  }
  if (started) lines.push(current.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function safePart(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** e.g. `bookinfo_deploy-productpage-v1_istio-proxy_2026-11-25T12-00-00.txt`. */
export function downloadFileName(parts: { namespace: string; target: string; container?: string | null | undefined }, at: Date): string {
  const stamp = at.toISOString().replace(/\.\d+Z$/, '').replace(/:/g, '-');
  const names = [parts.namespace, parts.target, parts.container ?? ''].map(safePart).filter((part) => part !== '');
  return `${[...names, stamp].join('_')}.txt`;
}
