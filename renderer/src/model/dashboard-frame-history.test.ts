import { describe, expect, it } from 'vitest';
import { afterFrameLoad, freshFrameHistory } from './dashboard-frame-history';

describe('a frame’s own history', () => {
  it('offers nothing until the frame navigates, then back and forward as far as it went', () => {
    let history = afterFrameLoad(freshFrameHistory('http://kiali.localhost:8080/kiali/', 0));
    expect([history.behind, history.ahead]).toEqual([0, 0]);
    history = afterFrameLoad(history); // a link inside the frame
    history = afterFrameLoad(history); // another
    expect([history.behind, history.ahead]).toEqual([2, 0]);
    history = afterFrameLoad({ ...history, pending: 'back' });
    expect([history.behind, history.ahead, history.pending]).toEqual([1, 1, null]);
    history = afterFrameLoad({ ...history, pending: 'forward' });
    expect([history.behind, history.ahead]).toEqual([2, 0]);
    history = afterFrameLoad({ ...history, pending: 'back' });
    history = afterFrameLoad(history); // a new page drops what was ahead
    expect([history.behind, history.ahead]).toEqual([2, 0]);
  });

  it('starts over in a new frame', () => {
    expect(freshFrameHistory('http://x.localhost/', 3)).toEqual({ url: 'http://x.localhost/', frameKey: 3, loads: 0, behind: 0, ahead: 0, pending: null });
  });
});
