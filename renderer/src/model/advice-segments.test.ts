import { describe, expect, it } from 'vitest';
import { adviceSegments } from './advice-segments';

describe('adviceSegments', () => {
  it('keeps plain advice as one text segment', () => {
    expect(adviceSegments('Start Docker Desktop and try again.')).toEqual([{ kind: 'text', text: 'Start Docker Desktop and try again.' }]);
  });

  it('turns backticked spans into commands, trimmed', () => {
    expect(adviceSegments('Raise the limit: ` sudo sysctl fs.inotify.max_user_watches=524288 ` then retry.')).toEqual([
      { kind: 'text', text: 'Raise the limit: ' },
      { kind: 'command', command: 'sudo sysctl fs.inotify.max_user_watches=524288' },
      { kind: 'text', text: ' then retry.' },
    ]);
  });

  it('treats lines that start with "$ " as commands and keeps the line breaks between them', () => {
    expect(adviceSegments('Run:\n$ kind delete cluster --name old\n$ docker ps')).toEqual([
      { kind: 'text', text: 'Run:\n' },
      { kind: 'command', command: 'kind delete cluster --name old' },
      { kind: 'text', text: '\n' },
      { kind: 'command', command: 'docker ps' },
    ]);
  });

  it('leaves an unpaired or empty backtick as text', () => {
    expect(adviceSegments('Press the ` key.')).toEqual([{ kind: 'text', text: 'Press the ` key.' }]);
    expect(adviceSegments('An empty `` pair.')).toEqual([{ kind: 'text', text: 'An empty `` pair.' }]);
    expect(adviceSegments('a `b` c ` d')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'command', command: 'b' },
      { kind: 'text', text: ' c ` d' },
    ]);
  });
});

describe('adviceSegments on the doctor’s advice', () => {
  it('finds the marked commands and leaves prose that merely names a tool alone', () => {
    expect(adviceSegments('Start Docker (Docker Desktop, or `sudo systemctl start docker`), or point DOCKER_HOST at a running engine.')).toEqual([
      { kind: 'text', text: 'Start Docker (Docker Desktop, or ' },
      { kind: 'command', command: 'sudo systemctl start docker' },
      { kind: 'text', text: '), or point DOCKER_HOST at a running engine.' },
    ]);
    const prose = 'kind needs Linux containers: switch Docker Desktop to Linux containers.';
    expect(adviceSegments(prose)).toEqual([{ kind: 'text', text: prose }]);
  });
});
