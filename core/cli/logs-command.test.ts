// `meshdeck logs` flags read the way kubectl's (pflag) parser reads them.
import { describe, expect, it } from 'vitest';
import { AppError } from '../contract';
import { parseGoDuration, parseLogsArgs } from './logs-command';

function refused(words: string[]): AppError {
  try {
    parseLogsArgs(words);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error(`expected ${words.join(' ')} to be refused`);
}

const plain = { follow: false, previous: false, timestamps: false, help: false };

describe('meshdeck logs flags', () => {
  it('reads a pod, a workload and an inline container', () => {
    expect(parseLogsArgs(['productpage-v1-abc'])).toEqual({ ...plain, target: 'productpage-v1-abc' });
    expect(parseLogsArgs(['deploy/reviews-v2'])).toEqual({ ...plain, target: 'deploy/reviews-v2' });
    expect(parseLogsArgs(['pod/x', 'istio-proxy'])).toEqual({ ...plain, target: 'pod/x', container: 'istio-proxy' });
  });

  it('takes values inline, as the next word, or glued to a shorthand', () => {
    for (const words of [['x', '-c', 'istio-proxy'], ['x', '-cistio-proxy'], ['x', '-c=istio-proxy'], ['x', '--container', 'istio-proxy'], ['x', '--container=istio-proxy']]) {
      expect(parseLogsArgs(words).container).toBe('istio-proxy');
    }
    expect(parseLogsArgs(['-n', 'bookinfo', 'x']).namespace).toBe('bookinfo');
    expect(parseLogsArgs(['x', '--namespace=istio-system']).namespace).toBe('istio-system');
    expect(parseLogsArgs(['x', '--context', 'kind-other']).context).toBe('kind-other');
  });

  it('reads booleans alone, clustered and with explicit values', () => {
    expect(parseLogsArgs(['x', '-f', '-p', '--timestamps'])).toMatchObject({ follow: true, previous: true, timestamps: true });
    expect(parseLogsArgs(['x', '-fp'])).toMatchObject({ follow: true, previous: true });
    expect(parseLogsArgs(['x', '-fc', 'web'])).toMatchObject({ follow: true, container: 'web' });
    expect(parseLogsArgs(['x', '--follow=false', '--timestamps=true', '-p=false'])).toMatchObject({ follow: false, timestamps: true, previous: false });
    expect(parseLogsArgs(['x', '--prefix'])).toMatchObject({ prefix: true });
    expect(parseLogsArgs(['--help']).help).toBe(true);
    expect(parseLogsArgs(['-h']).help).toBe(true);
  });

  it('reads --tail as kubectl does: N lines, -1 for all', () => {
    expect(parseLogsArgs(['x', '--tail=100']).tailLines).toBe(100);
    expect(parseLogsArgs(['x', '--tail', '0']).tailLines).toBe(0);
    expect(parseLogsArgs(['x', '--tail', '-1']).tailLines).toBeUndefined();
    expect(parseLogsArgs(['x', '--tail=5', '--tail=-1']).tailLines).toBeUndefined();
    expect(refused(['x', '--tail=-2']).message).toBe('--tail must be a whole number from -1 to 1000000 lines (-1 for all), got -2.');
    expect(refused(['x', '--tail=lots']).message).toContain('--tail must be a whole number from -1 to 1000000 lines (-1 for all) in decimal digits, got "lots"');
    for (const odd of ['0x10', '1e3', '10.0', ' 10', '+10', '--5']) expect(refused(['x', `--tail=${odd}`]).code).toBe('INVALID_ARGUMENT');
    expect(refused(['x', '--tail=']).message).toContain('--tail is empty');
  });

  it('reads --since as a Go duration, rounded up to whole seconds', () => {
    expect(parseLogsArgs(['x', '--since=5m']).sinceSeconds).toBe(300);
    expect(parseLogsArgs(['x', '--since', '1h30m']).sinceSeconds).toBe(5400);
    expect(parseLogsArgs(['x', '--since=1.5h']).sinceSeconds).toBe(5400);
    expect(parseLogsArgs(['x', '--since=500ms']).sinceSeconds).toBe(1);
    expect(parseGoDuration('2h45m30.5s')).toBeCloseTo(9930.5);
    expect(parseGoDuration('0')).toBe(0);
    expect(refused(['x', '--since=5']).message).toContain('invalid duration "5"');
    expect(refused(['x', '--since=5d']).message).toContain('invalid duration');
    expect(refused(['x', '--since=0s']).message).toContain('--since must be a positive duration');
  });

  it('passes empty names on for the contract to refuse, and reads --json', () => {
    expect(parseLogsArgs(['x', '-n', ''])).toMatchObject({ namespace: '' });
    expect(parseLogsArgs(['x', '--context='])).toMatchObject({ context: '' });
    expect(parseLogsArgs(['x', '-c', ''])).toMatchObject({ container: '' });
    expect(parseLogsArgs(['x', '--json'])).toMatchObject({ json: true });
  });

  it('stops reading flags at --', () => {
    expect(parseLogsArgs(['-f', '--', 'x'])).toMatchObject({ target: 'x', follow: true });
  });

  it('refuses what kubectl refuses, as INVALID_ARGUMENT saying what to do', () => {
    expect(refused([]).message).toContain('name a pod or a workload');
    expect(refused(['x', '--bogus']).message).toContain('unknown flag: --bogus');
    expect(refused(['x', '-z']).message).toContain("unknown shorthand flag: 'z'");
    expect(refused(['x', '-c']).message).toContain('flag needs an argument');
    expect(refused(['x', '--container']).message).toContain('flag needs an argument: --container');
    expect(refused(['x', 'a', '-c', 'b']).message).toContain('only one of -c or an inline [CONTAINER]');
    expect(refused(['x', 'a', 'b']).message).toContain('unexpected arguments: b');
    expect(refused(['svc/x']).message).toContain('is not a log target');
    expect(refused(['x', '--follow=maybe']).message).toContain('invalid argument "maybe" for "--follow"');
    expect(refused(['x', '--bogus']).code).toBe('INVALID_ARGUMENT');
  });
});
