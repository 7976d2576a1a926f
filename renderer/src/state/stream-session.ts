// One stream the core pushes events for (a log stream, a shell session): listens for its
// events before asking the core to open it, keeps (a few of) those that beat the answer, and
// from then on hands on only this stream's events, in order. Closing stops listening and ends
// the stream on the core's side, also when it opens after its pane went away; a stream that
// ended by itself has nothing to close. It knows nothing of what the events carry.

import type { AppErrorInfo, Client, EventName, EventPayloads } from '../../../core/contract';
import { toErrorInfo } from '../model/error-text';

export interface StreamSessionOptions<E extends EventName, Info> {
  /** The event that carries this kind of stream's output. */
  event: E;
  open(): Promise<Info>;
  close(info: Info): Promise<unknown>;
  /** The stream's id, in the open's answer and in each event. */
  idOf(info: Info): string;
  eventId(event: EventPayloads[E]): string;
  /** Events kept while the open is unanswered; the oldest beyond it are let go. */
  earlyLimit: number;
  /** The order to hand on the kept events in (arrival order when absent). */
  compareEarly?(a: EventPayloads[E], b: EventPayloads[E]): number;
  opened(info: Info): void;
  received(event: EventPayloads[E]): void;
  /** After `opened` and the events that came before it: the stream is ready for input. */
  caughtUp?(): void;
  failed(error: AppErrorInfo): void;
}

export interface StreamSession {
  /** The stream ended on the core's side: stop listening; there is nothing left to close. */
  end(): void;
  close(): Promise<void>;
  /** Closed from this side (the pane went away). */
  isClosed(): boolean;
  /** Closed, or ended by the core. */
  isOver(): boolean;
}

export function openStreamSession<E extends EventName, Info>(client: Pick<Client, 'call' | 'on'>, options: StreamSessionOptions<E, Info>): StreamSession {
  let info: Info | null = null;
  let closed = false;
  let ended = false;
  let early: EventPayloads[E][] = [];

  const unsubscribe = client.on(options.event, (event) => {
    if (closed || ended) return;
    if (info === null) {
      // The first events may beat the answer to the open; they are sorted out once the id is known.
      early.push(event);
      if (early.length > options.earlyLimit) early = early.slice(-options.earlyLimit);
      return;
    }
    if (options.eventId(event) === options.idOf(info)) options.received(event);
  });

  void (async () => {
    let answer: Info;
    try {
      answer = await options.open();
    } catch (error) {
      unsubscribe();
      if (!closed) options.failed(toErrorInfo(error));
      return;
    }
    if (closed) {
      // The pane went away while the stream was opening: end it on the core's side too.
      await options.close(answer).catch(() => undefined);
      return;
    }
    info = answer;
    options.opened(answer);
    const id = options.idOf(answer);
    const waiting = early.filter((event) => options.eventId(event) === id);
    if (options.compareEarly) waiting.sort(options.compareEarly);
    early = [];
    for (const event of waiting) if (!ended && !closed) options.received(event);
    if (!ended && !closed) options.caughtUp?.();
  })();

  return {
    end() {
      ended = true;
      unsubscribe();
    },
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      if (info !== null && !ended) await options.close(info).catch(() => undefined);
    },
    isClosed: () => closed,
    isOver: () => closed || ended,
  };
}
