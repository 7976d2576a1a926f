// The built-in traffic generator: a rate (1..200 requests a second, 5 by default) and a duration
// (60 s by default), start and stop, and what the current run has seen so far. Runs end by
// themselves after the duration, or when this screen closes.

import { useState } from 'react';
import type { AppErrorInfo, GeneratorRunInfo } from '../../../../core/contract';
import { checkWholeNumber } from '../../model/generator-settings';
import { MAX_DURATION_SECONDS, MAX_RPS, type GeneratorSettings } from '../../state/generator-store';
import { ErrorNotice } from '../ErrorNotice';
import { Icon } from '../Icon';
import { WholeNumberField } from './WholeNumberField';

const STATE_WORDS: Record<GeneratorRunInfo['state'], string> = {
  running: 'Running',
  finished: 'Finished',
  stopped: 'Stopped',
  failed: 'Failed',
};

const checkRps = (text: string) => checkWholeNumber(text, 1, MAX_RPS, 'rate');
const checkDuration = (text: string) => checkWholeNumber(text, 1, MAX_DURATION_SECONDS, 'duration');

function runLine(run: GeneratorRunInfo, elapsedSeconds: number | null): string {
  const { requests, errors } = run.totals;
  const parts = [`${requests} request${requests === 1 ? '' : 's'}`, `${errors} error${errors === 1 ? '' : 's'}`, `${run.rps} per second for ${run.durationSeconds} s`];
  if (run.state === 'running' && elapsedSeconds !== null) parts.push(`${Math.max(0, Math.round(run.durationSeconds - elapsedSeconds))} s left`);
  return parts.join(' · ');
}

function originNote(settings: GeneratorSettings): string {
  return settings.from === 'curl'
    ? 'Requests come from the curl client pod (samples/curl/curl.yaml, deployed on demand), each run with curl through the API server’s exec: from a namespace without injection it is outside the mesh, so mTLS STRICT resets it.'
    : 'Requests go through the ingress gateway to the product page, like a browser’s. Requests also fill Kiali’s graph, so it shows the mesh with live traffic.';
}

/** Where requests come from: the gateway, or the curl pod of a namespace. */
function OriginFields({ settings, disabled, onChange }: { settings: GeneratorSettings; disabled: boolean; onChange: (settings: Partial<GeneratorSettings>) => void }) {
  return (
    <>
      <div className="field">
        <label className="field-label" htmlFor="traffic-from">
          Send from
        </label>
        <select id="traffic-from" className="input" value={settings.from ?? 'gateway'} disabled={disabled} onChange={(event) => onChange({ from: event.currentTarget.value as 'gateway' | 'curl' })} data-testid="traffic-from">
          <option value="gateway">host, via gateway</option>
          <option value="curl">curl pod</option>
        </select>
      </div>
      {settings.from === 'curl' ? (
        <div className="field">
          <label className="field-label" htmlFor="traffic-client-namespace">
            Curl pod’s namespace
          </label>
          <input id="traffic-client-namespace" className="input" value={settings.clientNamespace ?? ''} placeholder="Bookinfo’s" disabled={disabled} onChange={(event) => onChange({ clientNamespace: event.currentTarget.value })} data-testid="traffic-client-namespace" />
          <p className="field-hint">A new one is made without injection (outside the mesh).</p>
        </div>
      ) : null}
    </>
  );
}

/** What the current run has seen; a curl client MeshDeck deployed stays after it, and says so. */
function RunStatus({ run, elapsedSeconds }: { run: GeneratorRunInfo; elapsedSeconds: number | null }) {
  return (
    <>
      <p className={`generator-run generator-run-${run.state}`} data-testid="traffic-run" data-state={run.state} role="status">
        <strong>{STATE_WORDS[run.state]}</strong> {runLine(run, elapsedSeconds)}
        {run.client ? ` · from pod ${run.client.namespace}/${run.client.pod}${run.client.injected ? '' : ' (outside the mesh)'}` : ''}
        {run.error ? <span className="generator-run-error"> — {run.error}</span> : null}
      </p>
      {run.client?.managed && run.state !== 'running' ? (
        <p className="field-hint" data-testid="traffic-client-kept">
          The curl client stays in {run.client.namespace} for the next run; <code>meshdeck reset</code> removes it.
        </p>
      ) : null}
    </>
  );
}

export function GeneratorControls({
  settings,
  run,
  request,
  error,
  elapsedSeconds,
  onChange,
  onStart,
  onStop,
}: {
  settings: GeneratorSettings;
  run: GeneratorRunInfo | null;
  request: 'starting' | 'stopping' | null;
  error: AppErrorInfo | null;
  elapsedSeconds: number | null;
  onChange: (settings: Partial<GeneratorSettings>) => void;
  onStart: () => void;
  onStop: () => void;
}) {
  const [rpsText, setRpsText] = useState(String(settings.rps));
  const [durationText, setDurationText] = useState(String(settings.durationSeconds));
  const rps = checkRps(rpsText);
  const duration = checkDuration(durationText);
  const running = run?.state === 'running';
  const valid = rps.ok && duration.ok;

  function changeRps(text: string): void {
    setRpsText(text);
    const checked = checkRps(text);
    if (checked.ok) onChange({ rps: checked.value });
  }

  function changeDuration(text: string): void {
    setDurationText(text);
    const checked = checkDuration(text);
    if (checked.ok) onChange({ durationSeconds: checked.value });
  }

  return (
    <section className="generator" aria-label="Traffic generator" data-testid="traffic-generator">
      <div className="generator-fields">
        <WholeNumberField id="traffic-rps" label="Requests per second" hint={`1 to ${MAX_RPS}`} text={rpsText} check={rps} disabled={running} onText={changeRps} />
        <WholeNumberField
          id="traffic-duration"
          label="Stop after (seconds)"
          hint="It also stops when you leave this screen."
          text={durationText}
          check={duration}
          disabled={running}
          onText={changeDuration}
        />
        <OriginFields settings={settings} disabled={running} onChange={onChange} />
        <div className="generator-actions">
          {running ? (
            <button type="button" className="button button-secondary" onClick={onStop} disabled={request === 'stopping'} data-testid="traffic-generator-stop">
              <Icon name="stop" size={16} />
              {request === 'stopping' ? 'Stopping…' : 'Stop'}
            </button>
          ) : (
            <button type="button" className="button button-primary" onClick={onStart} disabled={!valid || request === 'starting'} data-testid="traffic-generator-start">
              <Icon name="play" size={16} />
              {request === 'starting' ? 'Starting…' : 'Send traffic'}
            </button>
          )}
        </div>
      </div>
      <p className="generator-note">{originNote(settings)}</p>
      {run ? <RunStatus run={run} elapsedSeconds={elapsedSeconds} /> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
