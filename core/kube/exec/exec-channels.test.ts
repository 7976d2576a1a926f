import { describe, expect, it } from 'vitest';
import { channelFrame, isMissingExecutable, mayBeStartFailure, parseExecStatus, resizeMessage } from './exec-channels';

describe('exec channel protocol', () => {
  it('frames data behind its channel byte and sizes like kubectl', () => {
    expect([...channelFrame(0, 'ls\r')]).toEqual([0, 0x6c, 0x73, 0x0d]);
    expect([...channelFrame(255, Uint8Array.of(0))]).toEqual([255, 0]);
    expect(resizeMessage(120, 40)).toBe('{"Width":120,"Height":40}');
  });

  it('reads exit codes and failures from the Status', () => {
    expect(parseExecStatus('{"metadata":{},"status":"Success"}')).toEqual({ code: 0 });
    expect(parseExecStatus(JSON.stringify({ status: 'Failure', reason: 'NonZeroExitCode', message: 'command terminated', details: { causes: [{ reason: 'ExitCode', message: '42' }] } }))).toEqual({ code: 42 });
    expect(parseExecStatus(JSON.stringify({ status: 'Failure', reason: 'InternalError', message: 'Internal error occurred: boom' }))).toEqual({ code: null, message: 'Internal error occurred: boom' });
    expect(parseExecStatus('command terminated with non-zero exit code')).toEqual({ code: null, message: 'command terminated with non-zero exit code' });
  });

  it('tells a runtime start failure from a shell that talks', () => {
    expect(mayBeStartFailure('')).toBe(true);
    expect(mayBeStartFailure('OCI run')).toBe(true);
    expect(mayBeStartFailure('OCI runtime exec failed: exec failed: unable to start')).toBe(true);
    expect(mayBeStartFailure('root@pod:/# ')).toBe(false);
    expect(mayBeStartFailure('/ # ')).toBe(false);
    expect(mayBeStartFailure('O')).toBe(true);
    expect(mayBeStartFailure('Ok')).toBe(false);
    expect(isMissingExecutable({ code: 126 }, 'OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown\r\n')).toBe(true);
    expect(isMissingExecutable({ code: null, message: 'Internal error occurred: ... exec: "bash": stat /bin/bash: no such file or directory: unknown' }, '')).toBe(true);
    expect(isMissingExecutable({ code: 126 }, 'permission denied')).toBe(false);
    expect(isMissingExecutable({ code: 1 }, '')).toBe(false);
  });
});
