// curl's progress meter (lib/progress.c, progress_meter): shown on stderr unless -s, or when
// the body goes to a terminal (stdout a TTY and no -o). The world's transfers finish at once,
// so the meter has its header, the opening zero line, and the final line; times are unknown
// (--:--:--) because every transfer takes under a second.

/** curl's max5data: a size in at most 5 characters (1683, 123k, 12.3M). */
export function size5(bytes: number): string {
  if (bytes < 100_000) return String(Math.round(bytes));
  if (bytes < 10_000 * 1024) return `${Math.round(bytes / 1024)}k`;
  if (bytes < 100 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)}M`;
  return `${Math.round(bytes / 1024 / 1024)}M`;
}

const header = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n'
  + '                                 Dload  Upload   Total   Spent    Left  Speed\n';
const unknownTime = '--:--:--';

function line(total: number, received: number, seconds: number): string {
  const percent = String(total > 0 && received >= total ? 100 : 0).padStart(3);
  const speed = size5(seconds > 0 ? received / seconds : received).padStart(5);
  const five = (n: number): string => size5(n).padStart(5);
  // "%3s %s  %3s %s  %3s %s  %s  %s %s %s %s %s": total, received, sent; speeds; times; current speed.
  return `\r${percent} ${five(total)}  ${percent} ${five(received)}    0 ${five(0)}  ${speed}  ${five(0)} ${unknownTime} ${unknownTime} ${unknownTime} ${speed}`;
}

/** The meter of one finished transfer of `bytes` (0 when nothing came back), ending its line. */
export function progressMeter(bytes: number, seconds: number): string {
  const zero = line(0, 0, 0);
  return `${header}${zero}${bytes > 0 ? line(bytes, bytes, seconds) : ''}\n`;
}
