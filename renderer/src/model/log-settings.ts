// The log viewer's settings that outlive a launch (scrollback, font size, wrap, timestamps,
// tail, since, access-log highlighting): defaults, validation of whatever was stored, and how
// they turn into a `logs.open` request. Storage is a parameter, so tests hand in a map.

export const TAIL_CHOICES = ['100', '1000', 'all'] as const;
export type TailChoice = (typeof TAIL_CHOICES)[number];

export const SINCE_CHOICES = ['5m', '1h', 'all'] as const;
export type SinceChoice = (typeof SINCE_CHOICES)[number];

export const SCROLLBACK_CHOICES = [1_000, 10_000, 50_000, 100_000] as const;

export interface LogSettings {
  /** Lines xterm keeps above the screen; older ones are gone (the buffer is the only store). */
  scrollback: number;
  fontSize: number;
  /** false: long lines are cut at the terminal's width with an ellipsis instead of wrapping. */
  wrap: boolean;
  timestamps: boolean;
  tail: TailChoice;
  since: SinceChoice;
  /** Colour status code and duration of istio-proxy access-log lines. */
  highlight: boolean;
}

export const DEFAULT_LOG_SETTINGS: LogSettings = Object.freeze({
  scrollback: 10_000,
  fontSize: 12,
  wrap: true,
  timestamps: false,
  tail: '1000',
  since: 'all',
  highlight: true,
});

export const SCROLLBACK_LIMITS = { min: 500, max: 200_000 } as const;
export const FONT_SIZE_LIMITS = { min: 9, max: 24 } as const;

export const LOG_SETTINGS_KEY = 'meshdeck.log-settings';

export interface SettingsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function integerIn(value: unknown, limits: { min: number; max: number }): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= limits.min && value <= limits.max ? value : undefined;
}

function oneOf<T extends string>(value: unknown, choices: readonly T[]): T | undefined {
  return typeof value === 'string' && (choices as readonly string[]).includes(value) ? (value as T) : undefined;
}

function flag(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** Settings from anything (stored JSON of an older version, hand edits): each bad or missing field takes its default. */
export function checkLogSettings(raw: unknown): LogSettings {
  const source = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const defaults = DEFAULT_LOG_SETTINGS;
  return {
    scrollback: integerIn(source.scrollback, SCROLLBACK_LIMITS) ?? defaults.scrollback,
    fontSize: integerIn(source.fontSize, FONT_SIZE_LIMITS) ?? defaults.fontSize,
    wrap: flag(source.wrap) ?? defaults.wrap,
    timestamps: flag(source.timestamps) ?? defaults.timestamps,
    tail: oneOf(source.tail, TAIL_CHOICES) ?? defaults.tail,
    since: oneOf(source.since, SINCE_CHOICES) ?? defaults.since,
    highlight: flag(source.highlight) ?? defaults.highlight,
  };
}

export function loadLogSettings(storage: SettingsStorage | undefined): LogSettings {
  if (!storage) return { ...DEFAULT_LOG_SETTINGS };
  try {
    return checkLogSettings(JSON.parse(storage.getItem(LOG_SETTINGS_KEY) ?? 'null'));
  } catch {
    return { ...DEFAULT_LOG_SETTINGS };
  }
}

export function saveLogSettings(storage: SettingsStorage | undefined, settings: LogSettings): void {
  try {
    storage?.setItem(LOG_SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // Storage may be full or disabled; the settings still hold for this page.
  }
}

/** The font size one step up or down, kept within the limits. */
export function stepFontSize(size: number, delta: number): number {
  return Math.max(FONT_SIZE_LIMITS.min, Math.min(FONT_SIZE_LIMITS.max, Math.round(size + delta)));
}

export function tailLines(tail: TailChoice): number | undefined {
  return tail === 'all' ? undefined : Number(tail);
}

export function sinceSeconds(since: SinceChoice): number | undefined {
  switch (since) {
    case '5m':
      return 300;
    case '1h':
      return 3_600;
    case 'all':
      return undefined;
  }
}
