import { describe, expect, it } from 'vitest';
import { CallerScope } from './caller';

describe('CallerScope', () => {
  it('runs each cleanup once when the caller goes, skipping cancelled ones and surviving a throwing one', () => {
    const scope = new CallerScope();
    const ran: string[] = [];
    scope.onGone(() => ran.push('a'));
    const cancel = scope.onGone(() => ran.push('cancelled'));
    scope.onGone(() => {
      throw new Error('broken cleanup');
    });
    scope.onGone(() => ran.push('b'));
    cancel();
    expect(scope.pending).toBe(3);
    scope.gone();
    scope.gone();
    expect(ran).toEqual(['a', 'b']);
    expect(scope.pending).toBe(0);
  });

  it('runs a cleanup registered after it went at once, and gives callers distinct ids', () => {
    const scope = new CallerScope();
    scope.gone();
    let ran = 0;
    scope.onGone(() => ran++);
    expect(ran).toBe(1);
    expect(new CallerScope().id).not.toBe(scope.id);
  });
});
