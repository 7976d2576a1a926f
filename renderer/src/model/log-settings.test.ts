import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOG_SETTINGS,
  FONT_SIZE_LIMITS,
  LOG_SETTINGS_KEY,
  checkLogSettings,
  loadLogSettings,
  saveLogSettings,
  sinceSeconds,
  stepFontSize,
  tailLines,
  type SettingsStorage,
} from './log-settings';

function memoryStorage(initial: Record<string, string> = {}): SettingsStorage & { items: Map<string, string> } {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  };
}

describe('log settings', () => {
  it('start from a 10,000-line scrollback, wrapping, highlighting, the last 1,000 lines, any time', () => {
    expect(loadLogSettings(undefined)).toEqual({ scrollback: 10_000, fontSize: 12, wrap: true, timestamps: false, tail: '1000', since: 'all', highlight: true });
    expect(loadLogSettings(memoryStorage())).toEqual(DEFAULT_LOG_SETTINGS);
  });

  it('come back as they were saved', () => {
    const storage = memoryStorage();
    const chosen = { scrollback: 50_000, fontSize: 15, wrap: false, timestamps: true, tail: 'all' as const, since: '5m' as const, highlight: false };
    saveLogSettings(storage, chosen);
    expect(JSON.parse(storage.items.get(LOG_SETTINGS_KEY)!)).toEqual(chosen);
    expect(loadLogSettings(storage)).toEqual(chosen);
  });

  it('replace each bad or missing field by its default and keep the good ones', () => {
    expect(checkLogSettings({ scrollback: 10, fontSize: 13, wrap: 'yes', tail: '5', since: '1h', highlight: false, extra: 1 })).toEqual({
      ...DEFAULT_LOG_SETTINGS,
      fontSize: 13,
      since: '1h',
      highlight: false,
    });
    expect(checkLogSettings({ scrollback: 12_345.5, fontSize: 99 })).toEqual(DEFAULT_LOG_SETTINGS);
    for (const raw of [null, 'text', 42, [1, 2]]) expect(checkLogSettings(raw)).toEqual(DEFAULT_LOG_SETTINGS);
  });

  it('survive broken JSON and storage that throws', () => {
    expect(loadLogSettings(memoryStorage({ [LOG_SETTINGS_KEY]: '{not json' }))).toEqual(DEFAULT_LOG_SETTINGS);
    const refusing: SettingsStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadLogSettings(refusing)).toEqual(DEFAULT_LOG_SETTINGS);
    expect(() => saveLogSettings(refusing, DEFAULT_LOG_SETTINGS)).not.toThrow();
  });

  it('step the font size within its limits', () => {
    expect(stepFontSize(12, 1)).toBe(13);
    expect(stepFontSize(12, -1)).toBe(11);
    expect(stepFontSize(FONT_SIZE_LIMITS.max, 1)).toBe(FONT_SIZE_LIMITS.max);
    expect(stepFontSize(FONT_SIZE_LIMITS.min, -1)).toBe(FONT_SIZE_LIMITS.min);
  });

  it('turn tail and since into the request’s numbers', () => {
    expect(tailLines('100')).toBe(100);
    expect(tailLines('1000')).toBe(1_000);
    expect(tailLines('all')).toBeUndefined();
    expect(sinceSeconds('5m')).toBe(300);
    expect(sinceSeconds('1h')).toBe(3_600);
    expect(sinceSeconds('all')).toBeUndefined();
  });
});
