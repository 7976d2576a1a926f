// Tells a range input's moves from its release: while a pointer or a key is down, changes are
// moves; letting go (pointer up anywhere, key up, blur) reports one release. A change with
// nothing held (assistive technology setting the value) is a whole gesture: move and release.

import { useEffect, useRef, type KeyboardEvent } from 'react';

export interface SliderGesture {
  onPointerDown(): void;
  onKeyDown(event: KeyboardEvent<HTMLInputElement>): void;
  onKeyUp(): void;
  onBlur(): void;
  /** Call after reporting a move: releases at once when nothing is held. */
  changed(): void;
}

function isSliderKey(key: string): boolean {
  return key.startsWith('Arrow') || key.startsWith('Page') || key === 'Home' || key === 'End';
}

export function useSliderGesture(onRelease: () => void): SliderGesture {
  const held = useRef<'pointer' | 'key' | null>(null);
  const stopListening = useRef<(() => void) | null>(null);
  useEffect(() => () => stopListening.current?.(), []);

  function release(): void {
    if (held.current === null) return;
    held.current = null;
    stopListening.current?.();
    stopListening.current = null;
    onRelease();
  }

  function onPointerDown(): void {
    held.current = 'pointer';
    // The pointer may be let go outside the slider: listen on the window for this one drag.
    const end = () => release();
    window.addEventListener('pointerup', end);
    window.addEventListener('pointercancel', end);
    stopListening.current = () => {
      window.removeEventListener('pointerup', end);
      window.removeEventListener('pointercancel', end);
    };
  }

  return {
    onPointerDown,
    onKeyDown(event) {
      if (isSliderKey(event.key)) held.current = 'key';
    },
    onKeyUp: release,
    onBlur: release,
    changed() {
      if (held.current === null) onRelease();
    },
  };
}
