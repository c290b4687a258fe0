import { useState, type FormEvent, type ReactNode } from 'react';
import type { CommandName, CommandRequest, DeviceStatus, SimulatedScaleAnswer } from '../../shared/contract/index.ts';
import { useCabinetStatus } from '../item/index.ts';
import { StationRequestError, toStationRequestError, useStation, useStationEvent } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { LabelledInput } from '../ui/index.ts';

/** The demo rig's devices (src/hardware/simulators/demoRig.ts), in the order of the device bar. */
const SIMULATED_DEVICES: ReadonlyArray<{ id: string; name: string }> = [
  { id: 'scanner-sim', name: 'Scanner' },
  { id: 'scale-sim', name: 'Scale' },
  { id: 'printer-sim', name: 'Label printer' },
  { id: 'xray-sim', name: 'X-ray cabinet' },
];

type DemoCommand = Extract<CommandName, 'demo.injectScan' | 'demo.scale' | 'demo.scaleAnswer' | 'demo.cabinet' | 'demo.printer' | 'demo.plug'>;

/** What the simulated MT-SICS scale can answer instead of a weight, named as the manual names them. */
const SCALE_ANSWERS: ReadonlyArray<{ answer: SimulatedScaleAnswer; words: string }> = [
  { answer: 'ES', words: 'ES — syntax error' },
  { answer: 'ET', words: 'ET — transmission error' },
  { answer: 'EL', words: 'EL — logical error' },
  { answer: 'S I', words: 'S I — busy' },
  { answer: 'S L', words: 'S L — wrong parameter' },
  { answer: 'S +', words: 'S + — overload' },
  { answer: 'S -', words: 'S - — underload' },
];

/** One simulator section: a native disclosure, so it opens and closes by keyboard as well. */
function Section({ title, testId, open, children }: { title: string; testId: string; open?: boolean; children: ReactNode }) {
  return (
    <details className="simulator-section" open={open} data-testid={testId}>
      <summary className="simulator-summary">{title}</summary>
      <div className="simulator-section-body">{children}</div>
    </details>
  );
}

/** One of the cabinet's small buttons; `pressed` for the two-state ones (door, key). */
function CabinetButton({ pressed, disabled, onPress, testId, children }: { pressed?: boolean; disabled: boolean; onPress(): void; testId: string; children: ReactNode }) {
  return (
    <button type="button" className="button button-small" aria-pressed={pressed} disabled={disabled} onClick={onPress} data-testid={testId}>
      {children}
    </button>
  );
}

/**
 * Demo mode: the simulated devices' hands. Every control makes a simulator do what the real device
 * would (send a scan over its line, report a weight, open its door, run out of paper, lose its
 * cable), and the station's real drivers take it from there. Beside the work area, never over it;
 * it folds down to its title.
 */
export function SimulatorDrawer() {
  const station = useStation();
  const cabinet = useCabinetStatus();
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState('');
  const [grams, setGrams] = useState('250');
  const [scaleAnswer, setScaleAnswer] = useState<SimulatedScaleAnswer | ''>('');
  const [fault, setFault] = useState('');
  const [printer, setPrinter] = useState({ paperOut: false, headOpen: false });
  const [threat, setThreat] = useState(false);
  const [unplugged, setUnplugged] = useState<ReadonlySet<string>>(new Set());
  const [health, setHealth] = useState<ReadonlyMap<string, DeviceStatus['health']>>(new Map());
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<StationRequestError | null>(null);
  const [busy, setBusy] = useState(false);

  useStationEvent('device.status', (status) => setHealth((known) => new Map(known).set(status.deviceId, status.health)));

  async function run<N extends DemoCommand>(name: N, args: CommandRequest<N>, done: string): Promise<boolean> {
    if (busy) return false;
    setBusy(true);
    try {
      await station.call(name, args);
      setSent(done);
      setError(null);
      return true;
    } catch (caught) {
      setError(toStationRequestError(caught));
      return false;
    } finally {
      setBusy(false);
    }
  }

  const sendScan = async (event: FormEvent) => {
    event.preventDefault();
    if (code.trim() === '') {
      setError(new StationRequestError('INVALID_ARGUMENTS', 'Type the code the simulated scanner should send.'));
      return;
    }
    if (await run('demo.injectScan', { code: code.trim() }, `Sent ${code.trim()} from the simulated scanner.`)) setCode('');
  };

  const putWeight = async (event: FormEvent) => {
    event.preventDefault();
    const value = Number(grams.replace(',', '.'));
    if (!Number.isFinite(value) || value <= 0 || value > 30_000) {
      setError(new StationRequestError('INVALID_ARGUMENTS', 'Type a weight in grams, more than 0 and at most 30000 (the simulated scale’s capacity).'));
      return;
    }
    await run('demo.scale', { grams: value }, `Put ${value} g on the simulated scale; it settles in a moment.`);
  };

  const cabinetSays = (change: CommandRequest<'demo.cabinet'>, message: string) => run('demo.cabinet', change, message);

  const setPrinterState = async (change: Partial<typeof printer>) => {
    const next = { ...printer, ...change };
    if (await run('demo.printer', change, `Printer: ${next.paperOut ? 'paper out' : 'paper in'}, ${next.headOpen ? 'head open' : 'head closed'}.`)) setPrinter(next);
  };

  const plug = async (deviceId: string, name: string, plugged: boolean) => {
    if (await run('demo.plug', { deviceId, plugged }, `${name} ${plugged ? 'plugged back in' : 'unplugged'}.`)) {
      setUnplugged((current) => {
        const next = new Set(current);
        if (plugged) next.delete(deviceId);
        else next.add(deviceId);
        return next;
      });
    }
  };

  return (
    <aside className={open ? 'simulator' : 'simulator simulator-folded'} aria-labelledby="simulator-title" data-testid="simulator">
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
      <div id="simulator-body" className="simulator-body" hidden={!open}>
        <p className="simulator-sent" role="status" data-testid="simulate-scan-status">
          {sent}
        </p>
        <ErrorNotice error={error} />

        <Section title="Scanner" testId="sim-scanner" open>
          <form className="simulator-form" onSubmit={sendScan} noValidate>
            <LabelledInput id="simulate-scan-input" label="Code to scan" value={code} testId="simulate-scan-input" onValue={setCode} />
            <button type="submit" className="button" disabled={busy} data-testid="simulate-scan-send">
              Send from simulated scanner
            </button>
          </form>
        </Section>

        <Section title="Scale" testId="sim-scale">
          <form className="simulator-form" onSubmit={putWeight} noValidate>
            <LabelledInput id="simulate-weight" label="Weight in grams" inputMode="decimal" spellCheck={undefined} value={grams} testId="sim-scale-grams" onValue={setGrams} />
            <button type="submit" className="button" disabled={busy} data-testid="sim-scale-put">
              Put on the scale
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => void run('demo.scale', { grams: null }, 'Took the weight off the simulated scale.')} data-testid="sim-scale-off">
              Take it off
            </button>
          </form>
          <label className="field-label" htmlFor="simulate-scale-answer">
            The scale answers
          </label>
          <select
            id="simulate-scale-answer"
            className="select"
            value={scaleAnswer}
            disabled={busy}
            onChange={(event) => {
              const chosen = SCALE_ANSWERS.find((option) => option.answer === event.target.value) ?? null;
              void run('demo.scaleAnswer', { answer: chosen?.answer ?? null }, chosen ? `The simulated scale answers ${chosen.answer} to every weight request.` : 'The simulated scale weighs again.').then(
                (done) => done && setScaleAnswer(chosen?.answer ?? ''),
              );
            }}
            data-testid="sim-scale-answer"
          >
            <option value="">Weights (a working scale)</option>
            {SCALE_ANSWERS.map(({ answer, words }) => (
              <option key={answer} value={answer}>
                {words}
              </option>
            ))}
          </select>
        </Section>

        <Section title="X-ray cabinet" testId="sim-cabinet">
          <p className="field-hint" data-testid="sim-cabinet-state">
            {cabinet === null ? 'No report from the cabinet yet.' : `Door ${cabinet.door}, key ${cabinet.keySwitch}${cabinet.fault !== null ? `, fault: ${cabinet.fault}` : ''}.`}
          </p>
          <div className="simulator-pair">
            <CabinetButton pressed={cabinet?.door === 'open'} disabled={busy} onPress={() => void cabinetSays({ door: 'open' }, 'Opened the cabinet door.')} testId="sim-door-open">
              Open door
            </CabinetButton>
            <CabinetButton pressed={cabinet?.door === 'closed'} disabled={busy} onPress={() => void cabinetSays({ door: 'closed' }, 'Closed the cabinet door.')} testId="sim-door-close">
              Close door
            </CabinetButton>
          </div>
          <div className="simulator-pair">
            <CabinetButton pressed={cabinet?.keySwitch === 'on'} disabled={busy} onPress={() => void cabinetSays({ key: 'on' }, 'Turned the key on.')} testId="sim-key-on">
              Key on
            </CabinetButton>
            <CabinetButton pressed={cabinet?.keySwitch === 'off'} disabled={busy} onPress={() => void cabinetSays({ key: 'off' }, 'Turned the key off.')} testId="sim-key-off">
              Key off
            </CabinetButton>
          </div>
          <label className="simulator-check">
            <input
              type="checkbox"
              checked={threat}
              disabled={busy}
              data-testid="sim-threat"
              onChange={(event) => {
                const next = event.target.checked;
                void run('demo.cabinet', { threatInNextImage: next }, next ? 'The next image will show a threat.' : 'The next image will be harmless.').then((ok) => ok && setThreat(next));
              }}
            />
            <span>Threat in the next image</span>
          </label>
          <LabelledInput id="simulate-fault" label="Cabinet fault text" spellCheck={undefined} value={fault} maxLength={120} testId="sim-fault" onValue={setFault} />
          <div className="simulator-pair">
            <CabinetButton disabled={busy || fault.trim() === ''} onPress={() => void cabinetSays({ fault: fault.trim() }, `Cabinet reports the fault “${fault.trim()}”.`)} testId="sim-fault-set">
              Report fault
            </CabinetButton>
            <CabinetButton disabled={busy} onPress={() => void cabinetSays({ fault: null }, 'Cabinet fault cleared.')} testId="sim-fault-clear">
              Clear fault
            </CabinetButton>
          </div>
        </Section>

        <Section title="Label printer" testId="sim-printer">
          <label className="simulator-check">
            <input type="checkbox" checked={printer.paperOut} disabled={busy} onChange={(event) => void setPrinterState({ paperOut: event.target.checked })} data-testid="sim-paper-out" />
            <span>Paper out</span>
          </label>
          <label className="simulator-check">
            <input type="checkbox" checked={printer.headOpen} disabled={busy} onChange={(event) => void setPrinterState({ headOpen: event.target.checked })} data-testid="sim-head-open" />
            <span>Print head open</span>
          </label>
        </Section>

        <Section title="Cables" testId="sim-plug">
          <ul className="simulator-plugs">
            {SIMULATED_DEVICES.map((device) => {
              const out = unplugged.has(device.id);
              return (
                <li key={device.id} className="simulator-plug" data-testid="sim-plug-row" data-device-id={device.id} data-plugged={out ? 'false' : 'true'}>
                  <span>
                    <strong>{device.name}</strong> {out ? 'unplugged' : 'plugged in'}
                    {health.has(device.id) && ` · ${health.get(device.id)}`}
                  </span>
                  <button type="button" className="button button-small" disabled={busy} onClick={() => void plug(device.id, device.name, out)} data-testid={`sim-plug-${device.id}`}>
                    {out ? 'Plug back in' : 'Unplug'}
                  </button>
                </li>
              );
            })}
          </ul>
        </Section>
      </div>
    </aside>
  );
}
