import { useState, type FormEvent } from 'react';
import { StationRequestError, toStationRequestError, useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/ErrorNotice.tsx';

/** Demo mode: make the simulated scanner send a code over its line, as a real scan would arrive. */
export function SimulatorDrawer() {
  const station = useStation();
  const [open, setOpen] = useState(true);
  const [code, setCode] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<StationRequestError | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (code.trim() === '') {
      setError(new StationRequestError('INVALID_ARGUMENTS', 'Type the code the simulated scanner should send.'));
      return;
    }
    setBusy(true);
    try {
      await station.call('demo.injectScan', { code: code.trim() });
      setSent(`Sent ${code.trim()} from the simulated scanner.`);
      setError(null);
      setCode('');
    } catch (caught) {
      setError(toStationRequestError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="simulator" aria-labelledby="simulator-title" data-testid="simulator">
      <div className="simulator-head">
        <h2 id="simulator-title" className="simulator-title">
          Simulator
        </h2>
        <button
          type="button"
          className="button button-small"
          aria-expanded={open}
          aria-controls="simulator-body"
          onClick={() => setOpen(!open)}
          data-testid="simulator-toggle"
        >
          {open ? 'Hide' : 'Show'}
        </button>
      </div>
      <div id="simulator-body" hidden={!open}>
        <form className="simulator-form" onSubmit={send} noValidate>
          <label className="field-label" htmlFor="simulate-scan-input">
            Code to scan
          </label>
          <input
            id="simulate-scan-input"
            className="text-input"
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={code}
            data-testid="simulate-scan-input"
            onChange={(event) => setCode(event.target.value)}
          />
          <button type="submit" className="button" disabled={busy} data-testid="simulate-scan-send">
            Send from simulated scanner
          </button>
        </form>
        <p className="simulator-sent" role="status" data-testid="simulate-scan-status">
          {sent}
        </p>
        <ErrorNotice error={error} />
      </div>
    </aside>
  );
}
