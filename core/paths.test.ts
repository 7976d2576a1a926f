import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadsDir } from './paths';

describe('downloadsDir', () => {
  it('is XDG_DOWNLOAD_DIR, else ~/Downloads when it exists, else home', async () => {
    const home = await mkdtemp(join(tmpdir(), 'meshdeck-home-'));
    try {
      expect(downloadsDir({}, home)).toBe(home);
      await mkdir(join(home, 'Downloads'));
      expect(downloadsDir({}, home)).toBe(join(home, 'Downloads'));
      expect(downloadsDir({ XDG_DOWNLOAD_DIR: '/srv/dl' }, home)).toBe('/srv/dl');
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
