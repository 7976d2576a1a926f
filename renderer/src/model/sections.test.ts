import { describe, expect, it } from 'vitest';
import { isPresenterHash, SECTIONS, SECTION_IDS, sectionForKey, sectionFromHash } from './sections';

describe('sections', () => {
  it('lists the product sections in order, each with words for its screen', () => {
    expect(SECTIONS.map((section) => section.label)).toEqual(['Setup', 'Traffic', 'Dashboards', 'Logs', 'Workshop']);
    for (const section of SECTIONS.filter((entry) => entry.id !== 'setup')) expect(section.purpose.length).toBeGreaterThan(0);
  });

  it('marks the sections that have a screen in this version', () => {
    const built = (id: string) => SECTIONS.find((section) => section.id === id)?.built;
    expect([built('setup'), built('traffic'), built('dashboards'), built('logs'), built('workshop')]).toEqual([true, true, true, true, true]);
  });

  it('reads the section from the hash and falls back to Setup', () => {
    expect(sectionFromHash('#/traffic')).toBe('traffic');
    expect(sectionFromHash('#logs')).toBe('logs');
    expect(sectionFromHash('')).toBe('setup');
    expect(sectionFromHash('#/nope')).toBe('setup');
  });

  it('finds the Workshop under its presenter view', () => {
    expect(sectionFromHash('#/workshop/present')).toBe('workshop');
    expect(isPresenterHash('#/workshop/present')).toBe(true);
    expect(isPresenterHash('#/workshop')).toBe(false);
    expect(isPresenterHash('#/traffic/present')).toBe(false);
  });

  it('moves with arrow keys, wrapping around, and jumps with Home/End', () => {
    expect(sectionForKey('setup', 'ArrowDown')).toBe('traffic');
    expect(sectionForKey('workshop', 'ArrowDown')).toBe('setup');
    expect(sectionForKey('setup', 'ArrowUp')).toBe('workshop');
    expect(sectionForKey('logs', 'Home')).toBe(SECTION_IDS[0]);
    expect(sectionForKey('setup', 'End')).toBe('workshop');
    expect(sectionForKey('setup', 'Enter')).toBeNull();
  });
});
