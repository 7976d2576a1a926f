import { describe, expect, it } from 'vitest';
import type { DoctorFindingInfo, DoctorReportInfo, FindingStatus } from '../../../core/contract';
import { countStatuses, doctorBanner, overallOf } from './doctor-summary';

function finding(id: DoctorFindingInfo['id'], status: FindingStatus): DoctorFindingInfo {
  return { id, status, title: id, summary: `${id} is ${status}` };
}

function report(statuses: FindingStatus[], overall: DoctorReportInfo['overall'] = 'ok'): DoctorReportInfo {
  const ids: DoctorFindingInfo['id'][] = ['docker-engine', 'docker-resources', 'inotify', 'host-ports', 'kind-clusters', 'kind', 'istioctl'];
  return { findings: statuses.map((status, index) => finding(ids[index]!, status)), overall, checkedAt: '2025-01-01T00:00:00Z' };
}

describe('overallOf', () => {
  it('is the worst status, with skipped counting as ok', () => {
    expect(overallOf(report(['ok', 'skipped']).findings)).toBe('ok');
    expect(overallOf(report(['ok', 'warn', 'skipped']).findings)).toBe('warn');
    expect(overallOf(report(['warn', 'fail', 'ok']).findings)).toBe('fail');
    expect(overallOf([])).toBe('ok');
  });
});

describe('countStatuses', () => {
  it('counts every status', () => {
    expect(countStatuses(report(['ok', 'ok', 'warn', 'fail', 'skipped', 'skipped', 'skipped']).findings)).toEqual({ ok: 2, warn: 1, fail: 1, skipped: 3 });
  });
});

describe('doctorBanner', () => {
  it('says ready when every check passed', () => {
    const banner = doctorBanner(report(['ok', 'ok', 'ok']));
    expect(banner).toEqual({ overall: 'ok', title: 'Ready for a lab', detail: 'All 3 checks passed.' });
  });

  it('mentions skipped checks without lowering the verdict', () => {
    const banner = doctorBanner(report(['ok', 'skipped']));
    expect(banner.overall).toBe('ok');
    expect(banner.detail).toBe('The check passed, 1 check skipped.');
  });

  it('says ready with warnings and counts them', () => {
    const banner = doctorBanner(report(['ok', 'warn', 'warn', 'ok', 'ok'], 'warn'));
    expect(banner.title).toBe('Ready, with warnings');
    expect(banner.detail).toMatch(/^3 checks passed, 2 warnings\./);
  });

  it('asks to fix failed checks first, whatever else passed', () => {
    const banner = doctorBanner(report(['fail', 'warn', 'ok'], 'fail'));
    expect(banner.overall).toBe('fail');
    expect(banner.title).toBe('Fix the failed checks first');
    expect(banner.detail).toBe('1 check failed, 1 warning. A lab cannot start until it passes.');
    expect(doctorBanner(report(['fail', 'fail'], 'fail')).detail).toBe('2 checks failed. A lab cannot start until they pass.');
  });

  it('never sounds better than the findings, nor than the report itself', () => {
    expect(doctorBanner(report(['ok', 'fail'], 'ok')).overall).toBe('fail');
    expect(doctorBanner(report(['ok', 'ok'], 'warn')).overall).toBe('warn');
  });
});
