import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAccessLog, type AccessLogEntry } from '../../../test/world/mesh/access-log';
import type { LogBatchInfo, LogSourceInfo } from '../../../core/contract';
import {
  SOURCE_PALETTE,
  countLines,
  droppedMarker,
  endedMarker,
  highlightAccessLog,
  noticeMarker,
  parseAccessLog,
  renderBatch,
  sanitizeLogText,
  sourceColour,
  sourcePrefix,
  splitTimestamp,
  truncateToWidth,
  type LineStyle,
} from './log-format';

/** What a terminal shows of a text: colour sequences removed. */
function visible(text: string): string {
  return text.replace(/\x1b\[[0-9;:]*m/g, '');
}

const PLAIN: LineStyle = { prefixes: false, highlight: false, timestamps: false, maxWidth: null };

function entry(overrides: Partial<AccessLogEntry> = {}): AccessLogEntry {
  return {
    start: new Date('2026-11-25T12:00:00.000Z'),
    method: 'GET',
    path: '/productpage',
    protocol: 'HTTP/1.1',
    status: 200,
    flags: '-',
    details: 'via_upstream',
    bytesReceived: 0,
    bytesSent: 5293,
    durationMs: 38,
    upstreamServiceTimeMs: 37,
    userAgent: 'curl/8.5.0',
    requestId: 'c6f7e3a2-1b7e-4c55-9a0e-3f2d8d2b7a11',
    authority: 'localhost:8080',
    upstreamHost: '10.244.0.12:9080',
    upstreamCluster: 'outbound|9080||productpage.bookinfo.svc.cluster.local',
    downstreamLocalAddress: '10.244.0.8:8080',
    downstreamRemoteAddress: '172.18.0.1:53512',
    ...overrides,
  };
}

describe('source prefixes', () => {
  const productpage: LogSourceInfo = { pod: 'productpage-v1-6bd8f5b5d9-n7xkq', container: 'productpage' };

  it('gives a source the same palette colour every time', () => {
    expect(sourceColour(productpage)).toBe(sourceColour({ ...productpage }));
    expect(SOURCE_PALETTE).toContain(sourceColour(productpage));
  });

  it('spreads the pods of a workload over the palette', () => {
    const colours = new Set(Array.from({ length: 40 }, (_, index) => sourceColour({ pod: `reviews-v2-69c6c9d68b-${index.toString(36).padStart(5, 'x')}`, container: 'reviews' })));
    expect(colours.size).toBeGreaterThan(SOURCE_PALETTE.length / 2);
  });

  it('writes [pod/container] in the source colour, then resets only the colour', () => {
    const prefix = sourcePrefix(productpage, 0);
    expect(prefix).toBe(`\x1b[38;5;${sourceColour(productpage)}m[productpage-v1-6bd8f5b5d9-n7xkq/productpage]\x1b[39m `);
  });

  it('names a source the batch did not announce by its index', () => {
    expect(visible(sourcePrefix(undefined, 3))).toBe('[source 3] ');
  });
});

describe('sanitizeLogText', () => {
  it('keeps colours', () => {
    const text = '\x1b[32mINFO\x1b[0m started \x1b[1;38;5;208mwarm\x1b[0m';
    expect(sanitizeLogText(text)).toBe(text);
  });

  it('removes what could move the cursor, clear the screen, switch buffers, set a title or ring the bell', () => {
    const text = 'a\x1b[2Jb\x1b[?1049hc\x1b]0;pwned\x07d\x1b]8;;http://x\x1b\\e\x07f\x1b[10;10Hg\x1bch\x9b2Ji\x1bP1$r\x1b\\j\x9d0;title\x9ck';
    expect(sanitizeLogText(text)).toBe('abcdefghijk');
  });

  it('drops carriage returns of CRLF logs and keeps tabs and newlines', () => {
    expect(sanitizeLogText('one\r\ntwo\tthree\r')).toBe('one\ntwo\tthree');
  });

  it('returns text without controls unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        fc.pre(!/[\x00-\x1f\x7f\u0080-\u009f]/.test(text));
        expect(sanitizeLogText(text)).toBe(text);
      }),
    );
  });

  it('never leaves an escape that is not a colour', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('\x1b', '[', ']', '?', '1', ';', 'm', 'H', 'J', '\x07', '\\', 'a', '\x9b', '\x9d', '\x9c', 'P', '\n') }), (text) => {
        const clean = sanitizeLogText(text);
        expect(countLines(clean)).toBe(countLines(text));
        expect(clean.replace(/\x1b\[[0-9;:]*m/g, '')).not.toMatch(/[\x1b\x07\x80-\x9f]/);
      }),
    );
  });
});

describe('access-log lines', () => {
  it('reads status, flags and duration from the lines the world prints for istio-proxy', () => {
    const line = formatAccessLog(entry());
    expect(parseAccessLog(line)).toEqual({ status: 200, flags: '-', durationMs: 38 });
    const failed = formatAccessLog(entry({ status: 503, flags: 'UH', details: 'no_healthy_upstream', bytesSent: 19, durationMs: 0, upstreamServiceTimeMs: undefined }));
    expect(parseAccessLog(failed)).toEqual({ status: 503, flags: 'UH', durationMs: 0 });
  });

  it('reads the sample from Istio’s access-log task, and TCP lines (status 0)', () => {
    const http =
      '[2020-11-25T21:26:18.409Z] "GET /status/418 HTTP/1.1" 418 - via_upstream - "-" 0 135 4 4 "-" "curl/7.73.0-DEV" "84961386-6d84-929d-98bd-c5aee93b5c88" "httpbin:8000" "10.44.1.27:80" outbound|8000||httpbin.foo.svc.cluster.local 10.44.1.23:37652 10.0.9.0:8000 10.44.1.23:46520 - default';
    expect(parseAccessLog(http)).toEqual({ status: 418, flags: '-', durationMs: 4 });
    const tcp = '[2026-11-25T12:00:01.000Z] "- - -" 0 - - - "-" 1051 2216 12 - "-" "-" "-" "-" "10.244.0.9:9080" outbound|9080||ratings.bookinfo.svc.cluster.local 10.244.0.8:40112 10.96.0.20:9080 10.244.0.8:40110 - -';
    expect(parseAccessLog(tcp)).toEqual({ status: 0, flags: '-', durationMs: 12 });
  });

  it('leaves other lines alone', () => {
    for (const line of ['2026-11-25T12:00:00.000000Z\tinfo\tads\tADS: new connection', 'INFO:root:start request', '[2026] "odd" line', '']) {
      expect(parseAccessLog(line)).toBeNull();
      expect(highlightAccessLog(line)).toBe(line);
    }
  });

  it('colours the status by class, flags in red and the duration in bold', () => {
    const ok = highlightAccessLog(formatAccessLog(entry()));
    expect(ok).toContain('" \x1b[32m200\x1b[22m\x1b[39m - via_upstream');
    expect(ok).toContain(' 0 5293 \x1b[1m38\x1b[22m 37 ');
    const failed = highlightAccessLog(formatAccessLog(entry({ status: 503, flags: 'UH', durationMs: 1_500 })));
    expect(failed).toContain('\x1b[1;31m503');
    expect(failed).toContain('\x1b[31mUH\x1b[39m');
    expect(failed).toContain('\x1b[1;33m1500');
    expect(highlightAccessLog(formatAccessLog(entry({ status: 404 })))).toContain('\x1b[33m404');
    expect(highlightAccessLog(formatAccessLog(entry({ status: 302 })))).toContain('\x1b[36m302');
  });

  it('never changes the text a reader sees', () => {
    const entries = fc.record({
      status: fc.constantFrom(0, 200, 201, 302, 404, 429, 500, 503),
      flags: fc.constantFrom('-', 'UH', 'NR', 'UF,URX', 'DC'),
      bytesReceived: fc.nat(100_000),
      bytesSent: fc.nat(1_000_000),
      durationMs: fc.nat(120_000),
      path: fc.constantFrom('/productpage', '/api/v1/products/0/reviews', '/static/bootstrap/css/bootstrap.min.css', '/reviews/0'),
    });
    fc.assert(
      fc.property(entries, (overrides) => {
        const line = formatAccessLog(entry(overrides));
        const highlighted = highlightAccessLog(line);
        expect(visible(highlighted)).toBe(line);
        expect(parseAccessLog(line)).toEqual({ status: overrides.status, flags: overrides.flags, durationMs: overrides.durationMs });
      }),
    );
    fc.assert(
      fc.property(fc.string(), (line) => {
        expect(visible(highlightAccessLog(line))).toBe(line);
      }),
    );
  });
});

describe('timestamps', () => {
  it('splits kubectl’s RFC 3339 timestamp off a line', () => {
    expect(splitTimestamp('2026-11-25T12:00:00.123456789Z GET /productpage')).toEqual(['2026-11-25T12:00:00.123456789Z ', 'GET /productpage']);
    expect(splitTimestamp('2026-11-25T12:00:00+01:00 x')).toEqual(['2026-11-25T12:00:00+01:00 ', 'x']);
    expect(splitTimestamp('no time here')).toEqual(['', 'no time here']);
  });

  it('dims the timestamp and still highlights the access log behind it', () => {
    const line = `2026-11-25T12:00:00.123456789Z ${formatAccessLog(entry({ status: 500 }))}`;
    const { text } = renderBatch({ streamId: 's', seq: 1, chunks: [{ source: 0, text: line }] }, [], { ...PLAIN, highlight: true, timestamps: true });
    expect(text.startsWith('\x1b[2m2026-11-25T12:00:00.123456789Z\x1b[22m [')).toBe(true);
    expect(text).toContain('\x1b[1;31m500');
    expect(visible(text)).toBe(`${line}\r\n`);
  });
});

describe('truncateToWidth', () => {
  it('keeps lines that fit and cuts longer ones with an ellipsis in the last column', () => {
    expect(truncateToWidth('abcdefghij', 10)).toBe('abcdefghij');
    expect(visible(truncateToWidth('abcdefghijk', 10))).toBe('abcdefghi…');
  });

  it('does not count colour sequences and counts wide characters and tabs as the terminal does', () => {
    expect(visible(truncateToWidth('\x1b[32mabcdef\x1b[39mghijkl', 8))).toBe('abcdefg…');
    expect(visible(truncateToWidth('日本語のログです', 7))).toBe('日本語…');
    expect(visible(truncateToWidth('a\tb\tc', 10))).toBe('a\tb…');
  });

  it('never shows more than the width, and shows the line’s own start', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '日', '😀', '\x1b[31m', '\x1b[0m') , maxLength: 200 }), fc.integer({ min: 2, max: 120 }), (line, width) => {
        const cut = visible(truncateToWidth(line, width));
        const columns = [...cut].reduce((sum, char) => sum + (char === '日' || char === '😀' ? 2 : 1), 0);
        expect(columns).toBeLessThanOrEqual(width);
        const original = visible(line);
        if (cut.endsWith('…') && !original.endsWith('…')) expect(original.startsWith(cut.slice(0, -1))).toBe(true);
        else expect(cut).toBe(original);
      }),
    );
  });
});

describe('markers', () => {
  it('says how many lines were dropped and why', () => {
    expect(visible(droppedMarker(1_234))).toBe('… 1,234 lines dropped (viewer fell behind) …');
    expect(visible(droppedMarker(1))).toBe('… 1 line dropped (viewer fell behind) …');
  });

  it('shows notices and the end of a stream as dim lines, errors in red', () => {
    expect(visible(noticeMarker('reconnected after 2 s'))).toBe('── reconnected after 2 s ──');
    expect(noticeMarker('x').startsWith('\x1b[2m')).toBe(true);
    expect(visible(endedMarker({ reason: 'complete' }))).toBe('── end of log ──');
    expect(visible(endedMarker({ reason: 'closed' }))).toBe('── stream closed ──');
    const error = endedMarker({ reason: 'error', message: 'pod "ratings-v1-x" not found' });
    expect(error.startsWith('\x1b[31m')).toBe(true);
    expect(visible(error)).toBe('── stream stopped: pod "ratings-v1-x" not found ──');
  });

  it('keeps control sequences out of notices', () => {
    expect(visible(noticeMarker('gap\x1b[2J\nhere'))).toBe('── gap here ──');
  });
});

describe('renderBatch', () => {
  const sources: LogSourceInfo[] = [
    { pod: 'reviews-v1-5fd6d4f8f8-gx9mw', container: 'reviews' },
    { pod: 'reviews-v2-69c6c9d68b-8zr5k', container: 'reviews' },
  ];

  it('writes plain chunks with \\r\\n line ends and counts their lines', () => {
    const batch: LogBatchInfo = { streamId: 's', seq: 1, chunks: [{ source: 0, text: 'one\ntwo' }, { source: 0, text: '' }] };
    expect(renderBatch(batch, sources, PLAIN)).toEqual({ text: 'one\r\ntwo\r\n\r\n', lines: 3 });
  });

  it('prefixes each line with its source, drop marker first, notices next, end marker last', () => {
    const batch: LogBatchInfo = {
      streamId: 's',
      seq: 4,
      dropped: 120,
      notices: ['reviews-v2-69c6c9d68b-8zr5k joined'],
      chunks: [
        { source: 0, text: 'a\nb' },
        { source: 1, text: 'c' },
      ],
      ended: { reason: 'complete' },
    };
    const { text, lines } = renderBatch(batch, sources, { ...PLAIN, prefixes: true });
    expect(lines).toBe(3);
    expect(visible(text).split('\r\n')).toEqual([
      '… 120 lines dropped (viewer fell behind) …',
      '── reviews-v2-69c6c9d68b-8zr5k joined ──',
      '[reviews-v1-5fd6d4f8f8-gx9mw/reviews] a',
      '[reviews-v1-5fd6d4f8f8-gx9mw/reviews] b',
      '[reviews-v2-69c6c9d68b-8zr5k/reviews] c',
      '── end of log ──',
      '',
    ]);
    expect(text).toContain(`\x1b[38;5;${sourceColour(sources[1]!)}m[reviews-v2`);
  });

  it('cuts lines to the width, prefix included, when wrapping is off', () => {
    const batch: LogBatchInfo = { streamId: 's', seq: 1, chunks: [{ source: 0, text: 'x'.repeat(100) }] };
    const { text } = renderBatch(batch, sources, { ...PLAIN, prefixes: true, maxWidth: 50 });
    const [line] = visible(text).split('\r\n');
    expect(line).toHaveLength(50);
    expect(line!.endsWith('x…')).toBe(true);
  });

  it('never lets a bare \\n or a control sequence through', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ source: fc.nat(2), text: fc.string() }), { maxLength: 5 }), fc.boolean(), fc.boolean(), (chunks, prefixes, highlight) => {
        const { text, lines } = renderBatch({ streamId: 's', seq: 1, chunks }, sources, { prefixes, highlight, timestamps: false, maxWidth: null });
        expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
        expect(lines).toBe(chunks.reduce((sum, chunk) => sum + countLines(sanitizeLogText(chunk.text)), 0));
      }),
    );
  });
});
