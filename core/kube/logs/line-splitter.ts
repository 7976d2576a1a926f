// Cuts a stream of text into lines. A partial line waits for the rest, but never beyond
// `maxLineChars`: a container that prints megabytes without a newline is cut into pieces
// rather than held in memory.

export class LineSplitter {
  private partial = '';

  constructor(private readonly maxLineChars = 64 * 1024) {}

  /** Complete lines in `text` (with what was left over from before), without their newlines. */
  push(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      lines.push(this.partial + text.slice(start, nl));
      this.partial = '';
      start = nl + 1;
    }
    this.partial += text.slice(start);
    while (this.partial.length > this.maxLineChars) {
      lines.push(this.partial.slice(0, this.maxLineChars));
      this.partial = this.partial.slice(this.maxLineChars);
    }
    return lines;
  }

  /** The unfinished last line, if any (the stream ended without a newline). */
  flush(): string | undefined {
    const rest = this.partial;
    this.partial = '';
    return rest.length > 0 ? rest : undefined;
  }

  /** Forgets a partial line (the connection broke mid-line; the resume sends it again). */
  discard(): void {
    this.partial = '';
  }
}

