// freePort stays out of the kernel's ephemeral range (where outgoing connections and listen(0)
// could take the port before the test binds it), within this worker's slice, never twice.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { bindable, freePort } from './ports';

const ephemeralStart = (() => {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return 32_768;
  }
})();

describe('freePort', () => {
  it('gives distinct bindable ports below the ephemeral range', async () => {
    const ports = [];
    for (let i = 0; i < 40; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(Math.min(ephemeralStart, 32_768));
      expect(await bindable(port)).toBe(true);
    }
  });

  it('draws from a slice of its own per vitest worker', async () => {
    const pool = Number(process.env['VITEST_POOL_ID']);
    const size = Math.floor((Math.min(ephemeralStart, 32_768) - 20_000) / 4);
    const from = 20_000 + ((pool - 1) % 4) * size;
    const port = await freePort();
    expect(port).toBeGreaterThanOrEqual(from);
    expect(port).toBeLessThan(from + size);
  });

  it('says a held port is not bindable', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      expect(await bindable(port)).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
