import { describe, expect, it } from 'vitest';
import type { LabSummaryInfo } from '../../../core/contract';
import { labStateWord, labWhere, optionsOfLab, orderLabs, selectorOfLab, showLabList } from './lab-list';

const lab = (name: string, extra: Partial<LabSummaryInfo> = {}): LabSummaryInfo => ({ name, context: `kind-${name}`, provider: 'kind', state: 'running', current: false, ...extra });

describe('the list of labs', () => {
  it('shows only when there is a choice', () => {
    expect(showLabList([])).toBe(false);
    expect(showLabList([lab('one')])).toBe(false);
    expect(showLabList([lab('one'), lab('two')])).toBe(true);
  });

  it('puts the current lab first, then the others by name', () => {
    expect(orderLabs([lab('b'), lab('c', { current: true }), lab('a')]).map((l) => l.name)).toEqual(['c', 'a', 'b']);
  });

  it('says each state in words and where the lab is', () => {
    expect([labStateWord('running'), labStateWord('unreachable'), labStateWord('absent')]).toEqual(['Running', 'Not answering', 'Gone']);
    expect(labWhere(lab('one'))).toBe('kind cluster · kind-one');
    expect(labWhere(lab('team', { provider: 'context', context: 'team' }))).toBe('your cluster · team');
  });

  it('names a kind lab by name, a lab on the user’s cluster by its context', () => {
    expect(selectorOfLab(lab('one'))).toEqual({ name: 'one' });
    expect(selectorOfLab(lab('team', { provider: 'context', context: 'team-ctx' }))).toEqual({ name: 'team', context: 'team-ctx' });
    expect(optionsOfLab(lab('one'))).toEqual({ name: 'one' });
    expect(optionsOfLab(lab('one', { httpPort: 9080, httpsPort: 9443, istioVersion: '1.31.1' }))).toEqual({ name: 'one', httpPort: 9080, httpsPort: 9443, istioVersion: '1.31.1' });
    expect(optionsOfLab(lab('team', { provider: 'context', context: 'team-ctx' }))).toEqual({ context: 'team-ctx' });
  });
});
