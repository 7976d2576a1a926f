// The ring that bounds written log lines: newest kept, oldest dropped by line count and by bytes.
import { describe, expect, it } from 'vitest';
import { LogRing } from './log-ring.js';

const texts = (ring: LogRing): string[] => [...ring].map((l) => l.text);

describe('LogRing', () => {
  it('keeps the newest lines up to the line cap, in order, across many wraps', () => {
    const ring = new LogRing({ lines: 3, bytes: 1_000 });
    for (let i = 0; i < 10; i++) ring.push({ at: i, text: `line ${i}` });
    expect(texts(ring)).toEqual(['line 7', 'line 8', 'line 9']);
    expect(ring.length).toBe(3);
    expect(ring.bytes).toBe(3 * 7);
    expect(ring.dropped).toBe(7);
    expect(ring.oldest?.text).toBe('line 7');
  });

  it('drops the oldest lines to stay within the byte budget', () => {
    const ring = new LogRing({ lines: 100, bytes: 20 });
    ring.push({ at: 1, text: 'aaaaaaaaa' });
    ring.push({ at: 2, text: 'bbbbbbbbb' });
    ring.push({ at: 3, text: 'cc' });
    expect(texts(ring)).toEqual(['bbbbbbbbb', 'cc']);
    expect(ring.bytes).toBe(13);
  });

  it('keeps a single line larger than the budget, alone', () => {
    const ring = new LogRing({ lines: 5, bytes: 4 });
    ring.push({ at: 1, text: 'a' });
    ring.push({ at: 2, text: 'much too long' });
    expect(texts(ring)).toEqual(['much too long']);
  });

  it('stays bounded after 100,000 lines of Envoy size', () => {
    const ring = new LogRing({ lines: 10_000, bytes: 1024 * 1024 });
    const text = 'x'.repeat(499);
    for (let i = 0; i < 100_000; i++) ring.push({ at: i, text });
    expect(ring.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(ring.length).toBe(2097);
    expect([...ring][0]?.at).toBe(100_000 - 2097);
  });
});
