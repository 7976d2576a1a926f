// `docker exec [-i] <node> CMD` through the real Docker engine (kind adds --privileged; the
// world's node containers are not privileged, so the exec is not either): the command's stdout, stderr and
// exit code, with an optional stdin stream piped in over the hijacked connection and closed
// after (so a reader such as `ctr images import -` sees end of file), as the docker CLI does.
import { PassThrough, type Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import type Docker from 'dockerode';

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function execInNode(docker: Docker, containerId: string, cmd: string[], stdin?: Readable): Promise<ExecResult> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: cmd, AttachStdin: !!stdin, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: !!stdin });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  docker.modem.demuxStream(stream, stdout, stderr);
  const ended = new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
  if (stdin) {
    stdin.on('error', () => stream.end());
    stdin.pipe(stream as unknown as NodeJS.WritableStream);
  }
  const outputs = Promise.all([text(stdout), text(stderr)]);
  await ended;
  stdout.end();
  stderr.end();
  const [out, err] = await outputs;
  const { ExitCode } = await exec.inspect();
  return { exitCode: ExitCode ?? 1, stdout: out, stderr: err };
}
