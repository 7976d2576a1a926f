// Page helpers for the lab card of the Setup screen, for browser end-to-end tests (against
// the scripted core now, the real lab later). They read only data-testid and data-state.

import type { Page } from 'playwright-core';
import type { StepState } from '../../../core/contract';

export const LAB_STEP_IDS = ['preflight', 'kind', 'istio-release', 'node-image', 'cluster', 'istio-images', 'app-images', 'load-istio-images', 'load-app-images', 'istio', 'istio-gateways', 'injection', 'bookinfo', 'addons', 'gateways', 'verify'] as const;

/** Clicks "Create my mesh" (optionally after filling the options) once the button is there. */
export async function clickCreateMesh(page: Page, options: { name?: string; httpPort?: number; httpsPort?: number; context?: string } = {}): Promise<void> {
  await page.getByTestId('lab-create').waitFor({ timeout: 45_000 });
  if (Object.keys(options).length > 0) {
    await page.getByTestId('lab-options').click();
    if (options.name !== undefined) await page.getByTestId('lab-option-name').fill(options.name);
    if (options.httpPort !== undefined) await page.getByTestId('lab-option-http-port').fill(String(options.httpPort));
    if (options.httpsPort !== undefined) await page.getByTestId('lab-option-https-port').fill(String(options.httpsPort));
    if (options.context !== undefined) await page.getByTestId('lab-option-context').fill(options.context);
  }
  await page.getByTestId('lab-create').click();
}

/** Waits until the step list is shown; returns each step's state by id, in order. */
export async function waitForLabSteps(page: Page, timeout = 45_000): Promise<Record<string, StepState>> {
  await page.getByTestId('lab-steps').waitFor({ state: 'attached', timeout });
  return labStepStates(page);
}

export async function labStepStates(page: Page): Promise<Record<string, StepState>> {
  return page.$$eval('[data-testid^="lab-step-"][data-state]', (elements) =>
    Object.fromEntries(elements.map((element) => [element.getAttribute('data-testid')!.replace(/^lab-step-/, ''), element.getAttribute('data-state') as StepState])),
  );
}

/** Waits until the lab task has ended and returns how: succeeded, failed or cancelled. */
export async function waitForLabOutcome(page: Page, timeout = 10 * 60_000): Promise<string> {
  const card = page.getByTestId('lab-card');
  await page.waitForFunction(
    () => {
      // test/ has no DOM types: the little of `document` this touches.
      const doc = (globalThis as unknown as { document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null } }).document;
      const state = doc.querySelector('[data-testid="lab-card"]')?.getAttribute('data-task-state');
      return state === 'succeeded' || state === 'failed' || state === 'cancelled';
    },
    undefined,
    { timeout, polling: 250 },
  );
  return (await card.getAttribute('data-task-state')) ?? '';
}

/** Every step is done or already there ("reused"). */
export function allStepsGreen(states: Record<string, StepState>): boolean {
  const values = Object.values(states);
  return values.length > 0 && values.every((state) => state === 'done' || state === 'reused');
}

/** The dashboard and Bookinfo links the lab card shows, by key. */
export async function labLinks(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-testid^="lab-link-"]', (elements) =>
    Object.fromEntries(elements.map((element) => [element.getAttribute('data-testid')!.replace(/^lab-link-/, ''), element.getAttribute('href') ?? ''])),
  );
}
