// The one xterm.js wrapper: creates the Terminal once per mount with the fit, search and
// web-links addons, themes it from the app's colours (and again when the system scheme
// changes), refits it whenever its box changes size, and disposes all of it on unmount.
// What is written, and what keys do, is up to the pane that uses it (through `onReady`).

import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, type HTMLAttributes } from 'react';

export interface XtermHandle {
  terminal: Terminal;
  search: SearchAddon;
  /** Fits the terminal to its box now (it also does so by itself when the box changes). */
  fit(): void;
}

export interface XtermOptions {
  /** Keyboard input goes to the terminal (a shell) rather than being ignored (a log). */
  interactive: boolean;
  scrollback: number;
  fontSize: number;
  /** Raises low-contrast text colours (coloured log prefixes on the light theme). */
  minimumContrastRatio?: number;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

export function themeFromPage(interactive: boolean): ITheme {
  const style = getComputedStyle(document.documentElement);
  const background = cssVar(style, '--term-bg', '#101216');
  return {
    background,
    foreground: cssVar(style, '--term-fg', '#d5d9e0'),
    // A log has no cursor to show; a shell does.
    cursor: interactive ? cssVar(style, '--term-fg', '#d5d9e0') : background,
    selectionBackground: cssVar(style, '--term-selection', 'rgba(91, 156, 255, 0.35)'),
    black: cssVar(style, '--term-black', '#3a404c'),
    brightBlack: cssVar(style, '--term-dim', '#6f7786'),
    red: cssVar(style, '--fail', '#f2665e'),
    green: cssVar(style, '--ok', '#48c774'),
    yellow: cssVar(style, '--warn', '#e8b339'),
    blue: cssVar(style, '--accent', '#5b9cff'),
  };
}

/**
 * Opens a link never with a handle on this page: in browser mode, in a new tab; on the desktop,
 * in the system browser only when it is one of the lab's own (Bookinfo, the dashboards), and
 * not at all otherwise (the main process refuses every other URL).
 */
function openLink(_event: MouseEvent, uri: string): void {
  window.open(uri, '_blank', 'noopener,noreferrer');
}

export function XtermView({
  options,
  onReady,
  ...attributes
}: { options: XtermOptions; onReady?: (handle: XtermHandle) => void | (() => void) } & HTMLAttributes<HTMLDivElement>) {
  const host = useRef<HTMLDivElement>(null);
  const handle = useRef<XtermHandle | null>(null);
  // Read once at creation; later changes of the live options go through the effect below.
  const initial = useRef(options);
  const ready = useRef(onReady);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const style = getComputedStyle(document.documentElement);
    const { interactive, scrollback, fontSize, minimumContrastRatio } = initial.current;
    const terminal = new Terminal({
      disableStdin: !interactive,
      cursorBlink: interactive,
      cursorStyle: interactive ? 'block' : 'bar',
      cursorInactiveStyle: interactive ? 'outline' : 'none',
      scrollback,
      fontFamily: cssVar(style, '--font-mono', 'monospace'),
      fontSize,
      lineHeight: 1.2,
      minimumContrastRatio: minimumContrastRatio ?? 1,
      theme: themeFromPage(interactive),
      // The search addon highlights matches with decorations, which xterm 6 still calls proposed API.
      allowProposedApi: true,
    });
    const fitAddon = new FitAddon();
    const search = new SearchAddon({ highlightLimit: 1_000 });
    terminal.loadAddon(fitAddon);
    terminal.loadAddon(search);
    terminal.loadAddon(new WebLinksAddon(openLink));
    terminal.open(element);

    let frame = 0;
    const fitNow = () => {
      // A pane that is hidden or not laid out yet has no size to fit to.
      if (element.clientWidth > 0 && element.clientHeight > 0) fitAddon.fit();
    };
    const refit = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(fitNow);
    };
    refit();
    const observer = new ResizeObserver(refit);
    observer.observe(element);

    const scheme = window.matchMedia('(prefers-color-scheme: light)');
    const retheme = () => {
      terminal.options.theme = themeFromPage(interactive);
    };
    scheme.addEventListener('change', retheme);

    handle.current = { terminal, search, fit: fitNow };
    const cleanup = ready.current?.(handle.current);

    return () => {
      if (typeof cleanup === 'function') cleanup();
      scheme.removeEventListener('change', retheme);
      observer.disconnect();
      cancelAnimationFrame(frame);
      handle.current = null;
      // Disposing the terminal disposes the addons loaded into it.
      terminal.dispose();
    };
  }, []);

  useEffect(() => {
    const current = handle.current;
    if (!current) return;
    if (current.terminal.options.fontSize !== options.fontSize) current.terminal.options.fontSize = options.fontSize;
    if (current.terminal.options.scrollback !== options.scrollback) current.terminal.options.scrollback = options.scrollback;
    current.fit();
  }, [options.fontSize, options.scrollback]);

  return <div {...attributes} ref={host} />;
}
