import { describe, expect, it } from 'vitest';
import type { DoctorFindingInfo, DoctorReportInfo } from '../contract';
import { describeToolProgress, preflightFailure } from './create-lab-deps';

function report(...findings: DoctorFindingInfo[]): DoctorReportInfo {
  return { findings, overall: findings.some((f) => f.status === 'fail') ? 'fail' : 'ok', checkedAt: '2025-01-01T00:00:00.000Z' };
}

const ok = (id: DoctorFindingInfo['id']): DoctorFindingInfo => ({ id, title: id, status: 'ok', summary: `${id} is fine` });

describe('preflightFailure', () => {
  it('lets the plan go on when only the tools are missing: their own steps fetch them', () => {
    const missingKind: DoctorFindingInfo = { id: 'kind', title: 'kind', status: 'fail', summary: 'kind is not installed' };
    const missingIstioctl: DoctorFindingInfo = { id: 'istioctl', title: 'istioctl', status: 'fail', summary: 'istioctl is not installed' };
    expect(preflightFailure(report(ok('docker-engine'), missingKind, missingIstioctl))).toBeUndefined();
  });

  it('stops on any other failure with its code, summary and advice, naming the check', () => {
    const docker: DoctorFindingInfo = { id: 'docker-engine', title: 'Docker', status: 'fail', summary: 'Docker is not running.', advice: 'Start Docker Desktop.', code: 'DOCKER_NOT_RUNNING' };
    const failure = preflightFailure(report(ok('kind'), docker));
    expect(failure?.toInfo()).toEqual({ code: 'DOCKER_NOT_RUNNING', message: 'Docker is not running. Start Docker Desktop.', details: { check: 'docker-engine' } });
  });

  it('stops on a taken port even when the doctor only warns, and says how to choose other ports', () => {
    const port: DoctorFindingInfo = { id: 'host-ports', title: 'Ports', status: 'warn', summary: 'Port 8080 is in use.', advice: 'Stop what uses it.', code: 'PORT_IN_USE' };
    expect(preflightFailure(report(port))?.message).toBe('Port 8080 is in use. Stop what uses it. Choose other ports with --http-port/--https-port (or the Options in the app).');
  });

  it('falls back to INVALID_ARGUMENT for a failure without a code', () => {
    const inotify: DoctorFindingInfo = { id: 'inotify', title: 'inotify', status: 'fail', summary: 'Too few inotify watches.' };
    expect(preflightFailure(report(inotify))?.toInfo()).toEqual({ code: 'INVALID_ARGUMENT', message: 'Too few inotify watches.', details: { check: 'inotify' } });
  });
});

describe('describeToolProgress', () => {
  it('shows a download in MB with a percent when the size is known, without one when it is not', () => {
    expect(describeToolProgress({ phase: 'download', file: 'kind-linux-amd64', bytesDone: 2_500_000, bytesTotal: 10_000_000 })).toEqual({ detail: 'Downloading kind-linux-amd64: 2.5 of 10.0 MB', percent: 25 });
    expect(describeToolProgress({ phase: 'download', file: 'kind-linux-amd64', bytesDone: 2_500_000, bytesTotal: null })).toEqual({ detail: 'Downloading kind-linux-amd64: 2.5 MB', percent: null });
  });

  it('names the verify and unpack phases', () => {
    expect(describeToolProgress({ phase: 'verify', file: 'istio.tar.gz', bytesDone: 0, bytesTotal: null })).toEqual({ detail: 'Verifying istio.tar.gz (SHA-256)', percent: null });
    expect(describeToolProgress({ phase: 'extract', file: 'istio.tar.gz', bytesDone: 0, bytesTotal: null })).toEqual({ detail: 'Unpacking istio.tar.gz', percent: null });
  });
});
