// A ready world lab (Bookinfo behind the data plane) in a child process (bench/lab-child.ts),
// with the env a `meshdeck serve` or CLI needs to use it and a small command channel (log rate,
// open log streams). For the figures that drive the UI against a lab.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface LabProcess {
  home: string;
  kubeconfigPath: string;
  context: string;
  meshUrl: string;
  pid: number;
  /** MESHDECK_HOME and KUBECONFIG of this lab, over this process's environment. */
  env: NodeJS.ProcessEnv;
  /** Sets every container's log rate (lines per second). */
  setLogRate(linesPerSecond: number): Promise<void>;
  openLogStreams(): Promise<number>;
  stop(): Promise<void>;
}

export async function startLabProcess(): Promise<LabProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./lab-child.ts', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
  const answers = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const first = new Promise<string>((resolve, reject) => {
    waiting.push(resolve);
    child.once('exit', (code) => reject(new Error(`the world lab exited (${code ?? 'signal'}) before it was ready`)));
  });
  answers.on('line', (line) => waiting.shift()?.(line));
  const info = JSON.parse(await first) as { home: string; kubeconfigPath: string; context: string; meshUrl: string };
  const ask = (command: string) =>
    new Promise<string>((resolve) => {
      waiting.push(resolve);
      child.stdin.write(`${command}\n`);
    });
  return {
    ...info,
    pid: child.pid ?? 0,
    env: { ...process.env, MESHDECK_HOME: info.home, KUBECONFIG: info.kubeconfigPath },
    async setLogRate(linesPerSecond) {
      await ask(`rate ${linesPerSecond}`);
    },
    async openLogStreams() {
      return Number(await ask('streams'));
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.stdin.end();
      await exited;
    },
  };
}
