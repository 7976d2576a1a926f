import { describe, expect, it } from 'vitest';
import { parseChecksumFile } from './checksum-file';

const digest = 'ab'.repeat(32);

describe('parseChecksumFile', () => {
  it('reads kind .sha256sum (two spaces) and Istio .sha256 (one space)', () => {
    expect(parseChecksumFile(`${digest}  kind-linux-amd64\n`, 'sha256sum', 'kind-linux-amd64', 'u')).toBe(digest);
    expect(parseChecksumFile(`${digest.toUpperCase()} istio-1.30.5-linux-amd64.tar.gz`, 'sha256', 'istio-1.30.5-linux-amd64.tar.gz', 'u')).toBe(digest);
  });

  it('refuses the wrong separator, a short digest, extra lines and another file name', () => {
    const bad = [
      [`${digest} kind-linux-amd64\n`, 'sha256sum', 'kind-linux-amd64'],
      [`${digest}  istio.tar.gz\n`, 'sha256', 'istio.tar.gz'],
      [`${digest.slice(2)}  kind-linux-amd64\n`, 'sha256sum', 'kind-linux-amd64'],
      [`${digest}  kind-linux-amd64\n${digest}  kind-linux-amd64\n`, 'sha256sum', 'kind-linux-amd64'],
      ['<html>Not Found</html>', 'sha256sum', 'kind-linux-amd64'],
    ] as const;
    for (const [text, format, name] of bad) {
      expect(() => parseChecksumFile(text, format, name, 'u'), text).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
    expect(() => parseChecksumFile(`${digest}  kind-darwin-arm64\n`, 'sha256sum', 'kind-linux-amd64', 'u')).toThrow(/is for kind-darwin-arm64, not kind-linux-amd64/);
  });
});
