// Byte counts as people read them (decimal units, like Docker's own `docker images` sizes), for
// every face and for the core's own summaries: one home so the same image reads the same size
// on the Setup screen, in the doctor and in the CLI.

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** 1234 -> "1.2 kB", 1_930_000_000 -> "1.93 GB"; three significant digits, never negative. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}
