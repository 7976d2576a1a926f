// `npm run world` puts npm, `sh -c` and tsx between the caller and this process. A SIGTERM sent
// to npm (what `kill $!` does after `npm run world &`) ends npm and sh but reaches neither tsx
// nor us, so we watch that chain and stop as on SIGTERM when any of it is gone. Linux /proc
// only; elsewhere (and when not started by npm) signals reach us directly and this does nothing.
import { existsSync, readFileSync } from 'node:fs';

interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Start time in clock ticks since boot: tells a live process from a recycled pid. */
  start: string;
  cmdline: string;
}

function info(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; fields after it are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return { pid, ppid: Number(fields[1]), start: fields[19] ?? '', cmdline };
  } catch {
    return undefined;
  }
}

/** The ancestors up to and including the nearest npm/npx, or none when npm did not start us. */
export function launchChain(pid: number = process.pid): ProcessInfo[] {
  if (!existsSync('/proc/self/stat')) return [];
  const chain: ProcessInfo[] = [];
  for (let current = info(pid)?.ppid ?? 0; current > 1 && chain.length < 8; ) {
    const ancestor = info(current);
    if (!ancestor) return [];
    chain.push(ancestor);
    if (/(^|[\s/])(npm|npx)(-cli\.js)?(\s|$)/.test(ancestor.cmdline)) return chain;
    current = ancestor.ppid;
  }
  return [];
}

/** Calls `onGone` once when a process of the chain has exited; returns a function that stops watching. */
export function watchLaunchChain(onGone: () => void, intervalMs = 500): () => void {
  const chain = launchChain();
  if (chain.length === 0) {
    if (process.env.npm_lifecycle_event) process.stderr.write('warning: started by npm, but its process chain is not readable; stop this with Ctrl-C or a signal to this process\n');
    return () => undefined;
  }
  // No event tells us that a process other than our child has exited: a slow poll it is.
  const timer = setInterval(() => {
    if (chain.some((p) => info(p.pid)?.start !== p.start)) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
