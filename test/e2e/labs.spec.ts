// The Setup screen's list of labs, end to end: browser mode in Chromium over a world lab (the
// current lab, on its context). With one lab the list stays away; with a second known lab (a kind
// lab whose cluster is gone) it lists both with their state, and "Use this lab" makes the other
// current, which the lab card then shows. Deleting asks first with the core's list of what goes.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithIstioReference } from '../support/reference-suite';
import { chromiumOrSkipReason } from './helpers/chromium';
import { OUTPUT_DIR, openWorldLabPage, type WorldLabPage } from './helpers/world-lab-page';

const chromium = chromiumOrSkipReason();

(chromium.found ? describeWithIstioReference : describe.skip)('browser mode: the list of labs', () => {
  let page: Page;
  let session: WorldLabPage | undefined;

  beforeAll(async () => {
    if (!chromium.found) return;
    session = await openWorldLabPage(chromium.path, { viewport: { width: 1280, height: 900 } });
    ({ page } = session);
  });

  afterAll(async () => {
    await session?.stop();
  });

  const rows = () => page.getByTestId('lab-list-row');

  it('stays quiet with one lab', async () => {
    await page.goto(session!.server.url);
    await page.getByTestId('lab-links').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('lab-list').count()).toBe(0);
  });

  it('asks before removing MeshDeck from the user’s cluster, listing what goes and what stays', async () => {
    await page.getByTestId('lab-delete').click();
    const dialog = page.getByTestId('lab-delete-dialog');
    await page.getByTestId('lab-removal-items').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('lab-removal-items').textContent()).toContain('MeshDeck’s routing rules in namespace default');
    // The world lab's Bookinfo and Istio were not installed by MeshDeck: they stay.
    expect(await page.getByTestId('lab-removal-kept').textContent()).toContain('Istio (it was there before MeshDeck)');
    await dialog.screenshot({ path: join(OUTPUT_DIR, 'labs-removal.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count(), { timeout: 5_000 }).toBe(0);
  });

  it('lists two labs with their state, and "Use this lab" makes the other one current', async () => {
    const home = session!.lab.home;
    const record = { name: 'workshop', provider: 'kind', context: 'kind-workshop', options: { name: 'workshop', istioVersion: '1.30.5', httpPort: 9080, httpsPort: 9443 }, createdAt: '2026-01-01T00:00:00.000Z' };
    await mkdir(join(home, 'labs', 'workshop'), { recursive: true, mode: 0o700 });
    await writeFile(join(home, 'labs', 'workshop', 'lab.json'), `${JSON.stringify(record)}\n`, { mode: 0o600 });
    await page.reload();
    await page.getByTestId('lab-list').waitFor({ timeout: 30_000 });
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(2);
    const world = page.locator('[data-testid="lab-list-row"]:not([data-lab="workshop"])');
    const workshop = page.locator('[data-testid="lab-list-row"][data-lab="workshop"]');
    expect(await world.getAttribute('aria-current')).toBe('true');
    expect(await world.textContent()).toContain('Running');
    expect(await world.getByTestId('lab-list-bookinfo').getAttribute('href')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/productpage$/);
    expect(await workshop.textContent()).toContain('Gone');
    await page.getByTestId('lab-list').screenshot({ path: join(OUTPUT_DIR, 'labs-list.png') });
    await page.screenshot({ path: join(OUTPUT_DIR, 'labs-setup.png') });

    await workshop.getByTestId('lab-list-use').click();
    await expect.poll(() => workshop.getAttribute('aria-current'), { timeout: 10_000 }).toBe('true');
    expect(await world.getAttribute('aria-current')).toBeNull();
    // The card now shows the picked lab, which is not there: "Create my mesh" for it.
    await page.getByTestId('lab-create').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('lab-card').textContent()).toContain('ports 9080/9443');
    await page.screenshot({ path: join(OUTPUT_DIR, 'labs-picked.png') });
  });
});
