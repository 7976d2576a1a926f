// Loopback ports for tests: a free one, and whether one is free right now.
//
// A port from listen(0) is the kernel's ephemeral range (Linux: 32768–60999), which every outgoing
// connection draws its local port from, and every other listen(0) too: between the pick and the
// test's own bind (a kind cluster taking its host ports a second later) one of the run's many
// loopback connections could take it ("address already in use", seen once in CI). So tests take
// ports below that range, which the kernel never hands out by itself, each vitest worker from a
// slice of its own, and never the same port twice in one process.
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';

const LOWEST = 20_000;
const SLICES = 4;
const given = new Set<number>();

/** The first port the kernel picks by itself; ports below it are only ever chosen by someone. */
function ephemeralStart(): number {
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(first) && first > LOWEST + 1_000 ? Math.min(first, 32_768) : 32_768;
  } catch {
    return 32_768; // not Linux: macOS and Windows start theirs at 49152
  }
}

/** This worker's ports: [from, to). Outside vitest (bench/), the whole range below the ephemeral one. */
function slice(): { from: number; to: number } {
  const end = ephemeralStart();
  const pool = Number(process.env['VITEST_POOL_ID']);
  if (!Number.isInteger(pool) || pool < 1) return { from: LOWEST, to: end };
  const size = Math.floor((end - LOWEST) / SLICES);
  const from = LOWEST + ((pool - 1) % SLICES) * size;
  return { from, to: from + size };
}

export async function freePort(): Promise<number> {
  const { from, to } = slice();
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from));
    if (given.has(port)) continue;
    if (await bindable(port)) {
      given.add(port);
      return port;
    }
  }
  return kernelPort();
}

/** Whatever the kernel gives: only when a whole slice seems taken. */
async function kernelPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** True when this process can bind the port on 127.0.0.1 itself, i.e. nobody holds it. */
export function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
