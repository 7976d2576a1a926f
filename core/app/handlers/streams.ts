// Contract handlers for pod logs and shells: every stream or session is closed when the
// caller that opened it goes (a closed tab, window or finished CLI command).
import type { LogStreams, ShellSessions } from '../../kube';
import type { Handlers } from '../../rpc';

type StreamHandlers = Pick<Handlers, 'logs.targets' | 'logs.open' | 'logs.ack' | 'logs.close' | 'shell.open' | 'shell.input' | 'shell.resize' | 'shell.close'>;

export function streamHandlers(logs: LogStreams, shells: ShellSessions): StreamHandlers {
  return {
    'logs.targets': ({ namespace }) => logs.targets(namespace ? { namespace } : {}),
    'logs.open': async (request, caller) => {
      const stream = await logs.open(request);
      caller.onGone(() => logs.close(stream.streamId));
      return stream;
    },
    'logs.ack': ({ streamId, seq }) => {
      logs.ack(streamId, seq);
      return { streamId, seq };
    },
    'logs.close': ({ streamId }) => ({ streamId, closed: logs.close(streamId) }),
    'shell.open': async (request, caller) => {
      const session = await shells.open(request);
      caller.onGone(() => shells.close(session.sessionId));
      return session;
    },
    'shell.input': ({ sessionId, data }) => {
      shells.input(sessionId, data);
      return { sessionId };
    },
    'shell.resize': ({ sessionId, cols, rows }) => {
      shells.resize(sessionId, cols, rows);
      return { sessionId };
    },
    'shell.close': ({ sessionId }) => ({ sessionId, closed: shells.close(sessionId) }),
  };
}
