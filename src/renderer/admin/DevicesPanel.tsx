import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import type { DeviceCandidate } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { escapeCloses } from '../hooks/index.ts';
import { StationRequestError, toStationRequestError, useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { Icon } from '../ui/index.ts';
import { DEVICE_CLASSES, describeAddress, FIELDS, fromFormValues, NEW_DEVICE, toFormValues, type DeviceClassKey, type DeviceList, type FieldSpec } from './deviceFields.ts';

/** Finds, in the panel as it is after a render, the element the focus should go to. */
type FocusTarget = (panel: HTMLElement) => HTMLElement | null | undefined;

/**
 * Every control here that the operator presses with the keyboard can vanish with what it did (the
 * Edit buttons while a form is open, the form when it closes, a removed device's buttons, Discard
 * once nothing is left to discard, Save once it is saved): the focus would fall to the page. Each of
 * those says where the focus goes instead, found once the panel has rendered the change.
 */
function useFocusAfterRender(panel: RefObject<HTMLElement | null>): (target: FocusTarget) => void {
  const next = useRef<FocusTarget | null>(null);
  useEffect(() => {
    const target = next.current;
    next.current = null;
    if (target !== null && panel.current !== null) target(panel.current)?.focus();
  });
  return (target) => {
    next.current = target;
  };
}

const editButton = (deviceClass: DeviceClassKey, index: number): FocusTarget => (panel) =>
  panel.querySelectorAll<HTMLElement>(`[data-class="${deviceClass}"] [data-testid="device-edit"]`)[index];
const addButton = (deviceClass: DeviceClassKey): FocusTarget => (panel) => panel.querySelector<HTMLElement>(`[data-testid="device-add-${deviceClass}"]`);
const firstField: FocusTarget = (panel) => panel.querySelector<HTMLElement>('[data-testid="device-form"] input, [data-testid="device-form"] select');
const panelHeading: FocusTarget = (panel) => panel.querySelector<HTMLElement>('h2');

interface Editing {
  deviceClass: DeviceClassKey;
  /** Index in the class's list, or null for a device being added. */
  index: number | null;
  values: Record<string, string>;
  previous: Record<string, unknown>;
}

const SAVE_ADVICE = {
  INVALID_ARGUMENTS: 'Correct the fields named above, then save again. Nothing was changed.',
  INVALID_STATE: 'Device settings are changed on a station with real devices.',
} as const;

/**
 * The station's device configuration (station.json "devices"): each device by class with its port or
 * address and line settings. An admin edits a copy here and saves it whole; main validates it field
 * by field and restarts the devices. Demo mode runs the simulators, so it only shows them.
 */
export function DevicesPanel() {
  const station = useStation();
  const save = useAction();
  const [saved, setSaved] = useState<DeviceList | null>(null);
  const [draft, setDraft] = useState<DeviceList | null>(null);
  const [simulated, setSimulated] = useState(false);
  const [configFile, setConfigFile] = useState('');
  const [loadError, setLoadError] = useState<StationRequestError | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const demoNoteId = useId();
  const panel = useRef<HTMLElement>(null);
  const focusAfterRender = useFocusAfterRender(panel);

  const edit = (next: Editing) => {
    setEditing(next);
    focusAfterRender(firstField);
  };
  /** Cancel or Escape: the form goes, and the focus goes back to the button that opened it. */
  const cancelEdit = () => {
    if (editing !== null) focusAfterRender(editing.index === null ? addButton(editing.deviceClass) : editButton(editing.deviceClass, editing.index));
    setEditing(null);
  };

  const load = useCallback(async () => {
    try {
      const result = await station.call('device.config', {});
      setSaved(result.devices);
      setDraft(result.devices);
      setSimulated(result.simulated);
      setConfigFile(result.configFile);
      setLoadError(null);
    } catch (caught) {
      setLoadError(toStationRequestError(caught));
    }
  }, [station]);

  useEffect(() => {
    void load();
  }, [load]);

  const dirty = draft !== null && saved !== null && JSON.stringify(draft) !== JSON.stringify(saved);

  const applyEdit = (config: Record<string, unknown>) => {
    if (editing === null || draft === null) return;
    const list = [...(draft[editing.deviceClass] ?? [])];
    if (editing.index === null) list.push(config);
    else list[editing.index] = config;
    setDraft({ ...draft, [editing.deviceClass]: list });
    setEditing(null);
    setDone(null);
    // The device as kept, in its list: its Edit button, from where Tab goes on to Save.
    focusAfterRender(editButton(editing.deviceClass, editing.index ?? list.length - 1));
  };

  const remove = (deviceClass: DeviceClassKey, index: number) => {
    if (draft === null) return;
    setDraft({ ...draft, [deviceClass]: (draft[deviceClass] ?? []).filter((_, i) => i !== index) });
    setDone(null);
    focusAfterRender(addButton(deviceClass));
  };

  const discard = () => {
    setDraft(saved);
    setDone('Changes discarded: the devices keep their saved settings.');
    focusAfterRender(panelHeading);
  };

  const saveAll = async () => {
    if (draft === null) return;
    const result = await save.run(() => station.call('device.configure', { devices: draft }));
    if (!result) return;
    setSaved(result.devices);
    setDraft(result.devices);
    setDone('Saved. The devices restart with the new settings; watch the device bar.');
    // Save is off again (nothing left to save): the focus goes to the heading, by the status.
    focusAfterRender(panelHeading);
  };

  return (
    <section className="panel admin-panel" ref={panel} aria-labelledby="devices-title" data-testid="devices-panel" data-simulated={simulated ? 'true' : 'false'}>
      <h2 id="devices-title" tabIndex={-1}>
        Devices
      </h2>
      {/* Under the heading, which takes the focus after a save or a discard. */}
      <p role="status" className="form-done" data-testid="devices-status">
        {done}
      </p>
      <ErrorNotice error={loadError} next={{ UNKNOWN_COMMAND: 'This station version cannot show its device settings yet. Use the admin CLI (npm run -s cli -- devices).' }} />
      {configFile !== '' && (
        <p className="field-hint">
          Settings file: <span className="tracking">{configFile}</span>
        </p>
      )}
      {simulated && (
        <div className="notice notice-info" role="note" id={demoNoteId} data-testid="devices-demo-note">
          <Icon kind="info" />
          <div>
            <p className="notice-title">Demo mode: these are the simulated devices.</p>
            <p className="notice-next">Their settings cannot be changed here. Device settings are edited on a station started with real devices; use the simulator drawer to unplug a device or make it fail.</p>
          </div>
        </div>
      )}
      {draft !== null && (
        <DeviceList simulated={simulated} describedBy={demoNoteId}>
          {DEVICE_CLASSES.map(({ key, label, one }) => {
            const devices = draft[key] ?? [];
            if (devices.length === 0 && simulated) return null;
            return (
              <section key={key} className="device-class" aria-label={label} data-testid="device-class" data-class={key}>
                <h3>{label}</h3>
                {devices.length === 0 ? (
                  <p className="muted">None configured.</p>
                ) : (
                  <ul className="device-configs">
                    {devices.map((device, index) => (
                      <li key={`${String(device['id'])}-${index}`} className="device-config" data-testid="device-config" data-device-id={String(device['id'])}>
                        <span className="device-config-text">
                          <strong>{String(device['name'])}</strong> <span className="muted">({String(device['id'])})</span>
                          <span className="tracking device-config-address" data-testid="device-config-address">
                            {describeAddress(key, device)}
                          </span>
                        </span>
                        {!simulated && editing === null && (
                          <span className="device-config-actions">
                            <button type="button" className="button button-small" onClick={() => edit({ deviceClass: key, index, values: toFormValues(key, device), previous: device })} data-testid="device-edit">
                              Edit
                            </button>
                            <button type="button" className="button button-small" onClick={() => remove(key, index)} data-testid="device-remove">
                              Remove
                            </button>
                          </span>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
                {editing?.deviceClass === key && <DeviceForm editing={editing} onChange={setEditing} onApply={applyEdit} onCancel={cancelEdit} />}
                {!simulated && editing === null && (
                  <button type="button" className="button button-small" onClick={() => edit({ deviceClass: key, index: null, values: toFormValues(key, NEW_DEVICE[key]), previous: NEW_DEVICE[key] })} data-testid={`device-add-${key}`}>
                    Add a {one}
                  </button>
                )}
              </section>
            );
          })}
        </DeviceList>
      )}
      {!simulated && draft !== null && (
        <div className="form-actions">
          <button type="button" className="button button-primary" disabled={!dirty || save.busy || editing !== null} onClick={saveAll} data-testid="devices-save">
            {save.busy ? 'Saving…' : 'Save device configuration'}
          </button>
          {dirty && (
            <button type="button" className="button" onClick={discard} data-testid="devices-discard">
              Discard changes
            </button>
          )}
          {dirty && <span className="field-hint">Not saved yet: the devices still run with the old settings.</span>}
        </div>
      )}
      <div className="preline">
        <ErrorNotice error={save.error} next={SAVE_ADVICE} />
      </div>
    </section>
  );
}

/**
 * The device classes. In demo mode they hold no control at all, so Tab would pass the panel by and
 * it would never scroll into view: there they are a region that takes the focus (scrolling with the
 * keyboard, like the lists), read out with the note that says why nothing can be changed.
 */
function DeviceList({ simulated, describedBy, children }: { simulated: boolean; describedBy: string; children: ReactNode }) {
  if (!simulated) return <>{children}</>;
  return (
    <div role="region" aria-label="Simulated devices" aria-describedby={describedBy} tabIndex={0} data-testid="devices-list">
      {children}
    </div>
  );
}

function DeviceForm({ editing, onChange, onApply, onCancel }: { editing: Editing; onChange(editing: Editing): void; onApply(config: Record<string, unknown>): void; onCancel(): void }) {
  const [problems, setProblems] = useState<string[]>([]);
  const [portFor, setPortFor] = useState<FieldSpec | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const focusAfterRender = useFocusAfterRender(form);
  const fields = FIELDS[editing.deviceClass].filter((field) => !field.when || field.when(editing.values));
  const set = (path: string, value: string) => onChange({ ...editing, values: { ...editing.values, [path]: value } });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = fromFormValues(editing.deviceClass, editing.values, editing.previous);
    if (!result.ok) return setProblems(result.problems);
    setProblems([]);
    onApply(result.config);
  };

  const usePort = (candidate: DeviceCandidate) => {
    if (portFor === null) return;
    const values = { ...editing.values, [portFor.path]: candidate.path };
    if (portFor.port === 'hid') {
      if (candidate.vendorId !== null) values['vendorId'] = candidate.vendorId.replace(/^0x/i, '');
      if (candidate.productId !== null) values['productId'] = candidate.productId.replace(/^0x/i, '');
    }
    onChange({ ...editing, values });
    setPortFor(null);
    // The picker closes with the button that was pressed: the focus goes to the field it filled.
    const filled = `device-field-${portFor.path.replace('.', '-')}`;
    focusAfterRender((element) => element.querySelector<HTMLElement>(`[data-testid="${filled}"]`));
  };

  return (
    <form className="subform device-form" ref={form} onSubmit={submit} onKeyDown={escapeCloses(onCancel)} noValidate data-testid="device-form">
      <h4>{editing.index === null ? 'New device' : `Edit ${editing.values['name'] ?? ''}`}</h4>
      <div className="device-fields">
        {fields.map((field) => {
          const id = `device-field-${field.path.replace('.', '-')}`;
          return (
            <div key={field.path} className="field">
              <label className="field-label" htmlFor={id}>
                {field.label}
                {field.optional && <span className="muted"> (optional)</span>}
              </label>
              {field.hint !== undefined && (
                <p className="field-hint" id={`${id}-hint`}>
                  {field.hint}
                </p>
              )}
              {field.kind === 'choice' || field.kind === 'bool' ? (
                <select id={id} className="select" value={editing.values[field.path] ?? ''} onChange={(event) => set(field.path, event.target.value)} data-testid={id} aria-describedby={field.hint !== undefined ? `${id}-hint` : undefined}>
                  {(field.kind === 'bool' ? ['', 'true', 'false'] : (field.options ?? [])).map((option) => (
                    <option key={option} value={option}>
                      {option === '' ? 'default' : option === 'true' ? 'yes' : option === 'false' ? 'no' : option}
                    </option>
                  ))}
                </select>
              ) : (
                <span className="device-field-row">
                  <input
                    id={id}
                    className="text-input"
                    type="text"
                    autoComplete="off"
                    spellCheck={false}
                    inputMode={field.kind === 'int' || field.kind === 'number' ? 'numeric' : undefined}
                    value={editing.values[field.path] ?? ''}
                    onChange={(event) => set(field.path, event.target.value)}
                    aria-describedby={field.hint !== undefined ? `${id}-hint` : undefined}
                    data-testid={id}
                  />
                  {field.port !== undefined && (
                    <button type="button" className="button button-small" onClick={() => setPortFor(portFor === field ? null : field)} aria-expanded={portFor === field} data-testid="device-find-port">
                      Find port…
                    </button>
                  )}
                </span>
              )}
            </div>
          );
        })}
      </div>
      {portFor !== null && <PortPicker kind={portFor.port ?? 'serial'} onPick={usePort} />}
      {problems.length > 0 && (
        <div className="notice notice-error" role="alert" data-testid="device-form-problems">
          <Icon kind="fault" />
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="device-form-apply">
          Keep these settings
        </button>
        <button type="button" className="button" onClick={onCancel} data-testid="device-form-cancel">
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Serial ports and HID devices connected now (device.discover), to pick the one to use. */
function PortPicker({ kind, onPick }: { kind: 'serial' | 'hid'; onPick(candidate: DeviceCandidate): void }) {
  const station = useStation();
  const action = useAction();
  const [candidates, setCandidates] = useState<DeviceCandidate[] | null>(null);
  const [errors, setErrors] = useState<string[]>([]);

  useEffect(() => {
    void action.run(() => station.call('device.discover', {})).then((result) => {
      if (!result) return;
      setCandidates(result.candidates);
      setErrors(result.errors);
    });
    // Discover once per opening of the picker (the action's identity changes every render).
  }, [station]);

  const shown = candidates?.filter((candidate) => candidate.kind === kind) ?? [];
  return (
    <div className="port-picker" data-testid="port-picker">
      <p className="field-label">{kind === 'hid' ? 'HID devices connected now' : 'Serial ports connected now'}</p>
      <ErrorNotice error={action.error ?? (errors.length > 0 ? new StationRequestError('UNAVAILABLE', errors.join(' ')) : null)} />
      {action.busy && <p className="muted">Looking for devices…</p>}
      {candidates !== null && shown.length === 0 && <p className="muted">None found. Check the cable and that the station may open the port (udev rules), then try again.</p>}
      <ul className="port-candidates">
        {shown.map((candidate) => (
          <li key={candidate.path} data-testid="port-candidate">
            <span>
              <span className="tracking">{candidate.path}</span> {[candidate.manufacturer, candidate.description].filter((text) => text !== null).join(' · ')}
              {candidate.vendorId !== null && <span className="muted"> {candidate.vendorId}:{candidate.productId ?? '?'}</span>}
              {candidate.role !== null && <span className="tag">{candidate.role}</span>}
            </span>
            <button type="button" className="button button-small" onClick={() => onPick(candidate)}>
              Use this
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
