// Runs the real kubectl against a world for tests: one-shot commands (stdin optional) and
// streaming commands (logs -f, get -w) whose output can be awaited line by line. Each runner
// has its own HOME and discovery cache so runs never share state or touch the user's ~/.kube.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KubectlStream {
  readonly output: () => string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export class KubectlRunner {
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly binary: string,
    readonly kubeconfigPath: string,
    /** Where relative paths (`-f samples/…`) are read from, as in the user's shell. */
    readonly cwd?: string,
  ) {
    const home = mkdtempSync(join(tmpdir(), 'meshdeck-kubectl-'));
    this.env = { PATH: process.env['PATH'] ?? '', HOME: home, KUBECONFIG: kubeconfigPath, KUBECACHEDIR: join(home, 'cache') };
  }

  run(args: string[], input?: string): Promise<KubectlResult> {
    return new Promise((resolve) => {
      const child = execFile(this.binary, args, { env: this.env, ...(this.cwd ? { cwd: this.cwd } : {}), timeout: 90_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      });
      if (input !== undefined) child.stdin?.end(input);
    });
  }

  /** Runs and throws with kubectl's stderr when it fails. */
  async ok(args: string[], input?: string): Promise<string> {
    const result = await this.run(args, input);
    if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
    return result.stdout;
  }

  stream(args: string[]): KubectlStream {
    const child: ChildProcess = spawn(this.binary, args, { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const waiters = new Set<() => void>();
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      for (const w of waiters) w();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return {
      output: () => out,
      waitFor(pattern, timeoutMs = 20_000) {
        return new Promise((resolve, reject) => {
          const check = (): void => {
            const m = pattern.exec(out);
            if (m) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(m[0]);
            }
          };
          const timer = setTimeout(() => {
            waiters.delete(check);
            reject(new Error(`timed out waiting for ${String(pattern)} in kubectl ${args.join(' ')}; output so far:\n${out}`));
          }, timeoutMs);
          waiters.add(check);
          check();
        });
      },
      async stop() {
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
  }
}
