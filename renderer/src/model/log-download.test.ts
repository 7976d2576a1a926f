import { describe, expect, it } from 'vitest';
import { bufferText, downloadFileName, type BufferRow } from './log-download';

function rows(list: BufferRow[]) {
  return [list.length, (index: number) => list[index]] as const;
}

describe('bufferText', () => {
  it('joins rows xterm wrapped back into their line, keeping the space at the wrap', () => {
    const text = bufferText(
      ...rows([
        { text: 'GET /productpage 200 ', isWrapped: false },
        { text: 'via_upstream         ', isWrapped: true },
        { text: 'second line          ', isWrapped: false },
      ]),
    );
    expect(text).toBe('GET /productpage 200 via_upstream\nsecond line\n');
  });

  it('drops the empty rows below the last line, keeps empty lines between', () => {
    expect(bufferText(...rows([{ text: 'a', isWrapped: false }, { text: '', isWrapped: false }, { text: 'b', isWrapped: false }, { text: '   ', isWrapped: false }, { text: '', isWrapped: false }]))).toBe('a\n\nb\n');
  });

  it('is empty for an empty buffer, and a wrapped first row starts a line', () => {
    expect(bufferText(...rows([]))).toBe('');
    expect(bufferText(...rows([{ text: '', isWrapped: false }]))).toBe('');
    expect(bufferText(...rows([{ text: 'tail of a line', isWrapped: true }]))).toBe('tail of a line\n');
  });
});

describe('downloadFileName', () => {
  it('names namespace, target, container and the time, safe for any file system', () => {
    const at = new Date('2026-11-25T12:34:56.789Z');
    expect(downloadFileName({ namespace: 'bookinfo', target: 'deploy/productpage-v1', container: 'istio-proxy' }, at)).toBe('bookinfo_deploy-productpage-v1_istio-proxy_2026-11-25T12-34-56.txt');
    expect(downloadFileName({ namespace: 'istio-system', target: 'pod/istiod-7f9d8c6b5-abcde', container: null }, at)).toBe('istio-system_pod-istiod-7f9d8c6b5-abcde_2026-11-25T12-34-56.txt');
  });
});
