import { useState } from 'react';
import type { CommandResponse } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { useStationQuery } from '../hooks/index.ts';
import { useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { formatReceivedTime } from '../ui/index.ts';
import { Icon } from '../ui/index.ts';
import { ListTable } from '../ui/index.ts';
import { INCIDENT_TYPE_NAMES } from '../ui/index.ts';

type SopStatus = CommandResponse<'sop.status'>;
type Source = SopStatus['protocols'][number]['source'];

const SOURCE_WORDS: Readonly<Record<Source, { label: string; fault: string | null }>> = {
  site: { label: 'Site file', fault: null },
  default: { label: 'Shipped default', fault: null },
  lastGood: { label: 'Last good copy', fault: 'The site file is broken, so the last copy that loaded is in use. Fix the file (see the errors below), then press Reload.' },
  builtIn: { label: 'Built-in fallback', fault: 'No valid SOP file for this incident type: the station uses its minimal built-in protocol. Fix or restore the file, then press Reload.' },
};

/**
 * Which SOP file each incident protocol comes from, its version and approval, and what is wrong with
 * the files. A protocol running from a last-good copy or the built-in fallback is a fault to fix.
 */
export function SopPanel() {
  const station = useStation();
  const reload = useAction();
  const sop = useStationQuery('sop.status', {});
  const status = sop.value;
  const [reloaded, setReloaded] = useState<string | null>(null);

  const reloadFiles = async () => {
    const result = await reload.run(() => station.call('sop.reload', {}));
    if (!result) return;
    await sop.reload();
    setReloaded(result.errors.length === 0 ? 'Reloaded: every SOP file is valid.' : `Reloaded: ${result.errors.length} file problem${result.errors.length === 1 ? '' : 's'}, listed below.`);
  };

  const faults = status?.protocols.filter((protocol) => SOURCE_WORDS[protocol.source].fault !== null).length ?? 0;

  return (
    <section className="panel admin-panel" aria-labelledby="sop-title" data-testid="sop-panel" data-faults={faults}>
      <div className="panel-head">
        <h2 id="sop-title">SOP files</h2>
        <button type="button" className="button" disabled={reload.busy} onClick={reloadFiles} data-testid="sop-reload">
          {reload.busy ? 'Reading the files…' : 'Reload SOP files'}
        </button>
      </div>
      <p className="field-hint">
        The incident protocols come from the site’s SOP files. After editing a file, press Reload; a file that does not validate is not used.
        {status?.loadedAt ? ` Last read ${formatReceivedTime(status.loadedAt)}.` : ''}
      </p>
      <ErrorNotice error={sop.error ?? reload.error} />
      <p role="status" className="form-done" data-testid="sop-reload-status">
        {reloaded}
      </p>
      {status !== null && (
        <>
          {faults > 0 && (
            <div className="notice notice-error" role="alert" data-testid="sop-fault">
              <Icon kind="fault" />
              <div>
                <p className="notice-title">
                  {faults} protocol{faults === 1 ? ' is' : 's are'} not running from a valid site or default file.
                </p>
                <p className="notice-next">An admin must fix the SOP files: until then incidents of {faults === 1 ? 'this type follow' : 'these types follow'} an older or minimal protocol.</p>
              </div>
            </div>
          )}
          <ListTable testId="sop-list" columns={['Protocol', 'Source', 'Approved', 'Steps']} count={status.protocols.length} regionLabel="Incident protocols" regionClassName="admin-scroll">
            {status.protocols.map((protocol) => {
              const source = SOURCE_WORDS[protocol.source];
              return (
                <tr key={protocol.incidentType} data-testid="sop-row" data-type={protocol.incidentType} data-source={protocol.source}>
                  <th scope="row" className="sop-protocol">
                    {INCIDENT_TYPE_NAMES[protocol.incidentType]}
                    <span className="sop-title">
                      {protocol.title} · version {protocol.version}
                    </span>
                  </th>
                  <td>
                    <span className={source.fault === null ? 'tag' : 'tag tag-alert'}>
                      {source.fault !== null && '⚠ '}
                      {source.label}
                    </span>
                    {protocol.file !== null && <span className="sop-file tracking">{protocol.file}</span>}
                    {source.fault !== null && <span className="sop-fault-text">{source.fault}</span>}
                  </td>
                  <td>
                    {protocol.approvedBy ?? 'not stated'}
                    {protocol.effectiveDate !== null && (
                      <>
                        <br />
                        <span className="muted">effective {protocol.effectiveDate}</span>
                      </>
                    )}
                  </td>
                  <td>
                    {protocol.stepCount}
                    {protocol.agenciesWithoutContact.length > 0 && (
                      <span className="sop-fault-text" data-testid="sop-missing-contacts">
                        No phone number for: {protocol.agenciesWithoutContact.join(', ')}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </ListTable>
          <h3>Problems in the files</h3>
          {status.errors.length === 0 ? (
            <p className="muted" data-testid="sop-no-errors">
              None: every file validated.
            </p>
          ) : (
            <ul className="sop-errors" data-testid="sop-errors">
              {status.errors.map((problem, index) => (
                <li key={`${problem.file}-${index}`} data-testid="sop-error">
                  <span className="tracking">{problem.file}</span>
                  <span className="sop-error-message">{problem.message}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
