import { useState, type FormEvent } from 'react';
import type { CommandResponse, DirectoryPersonMatch, SignatureStrokes } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { useScanTarget } from '../scan/index.ts';
import { StationRequestError, useStation } from '../station/index.ts';
import { Check, ErrorNotice, ITEM_TYPE_NAMES, TextField, carrierName } from '../ui/index.ts';
import { CameraCapture } from './CameraCapture.tsx';
import { SignaturePad } from './SignaturePad.tsx';
import './collection.css';

type Waiting = CommandResponse<'collection.waiting'>;
type HandedOver = CommandResponse<'collection.handOver'>;
type Who = 'recipient' | 'proxy';
type Authority = 'none' | 'standingProxy' | 'departmentContact';

const PROOF_WORDS = { required: 'required', optional: 'optional', off: 'not taken' } as const;

/**
 * The collection counter: the recipient (or their proxy) scans a badge or is found by name; the
 * cleared items waiting for them are listed; the proof the site's policy asks for is taken
 * (signature, photo, ID number) and the items are handed over in one step.
 */
export function CollectionScreen() {
  const station = useStation();
  const find = useAction();
  const handOver = useAction();
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<DirectoryPersonMatch[] | null>(null);
  const [waiting, setWaiting] = useState<Waiting | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [who, setWho] = useState<Who>('recipient');
  const [proxyKey, setProxyKey] = useState('');
  const [proxyName, setProxyName] = useState('');
  const [authority, setAuthority] = useState<Authority>('none');
  const [contactEmail, setContactEmail] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [signature, setSignature] = useState<SignatureStrokes | null>(null);
  const [photo, setPhoto] = useState<string | null>(null);
  const [done, setDone] = useState<{ result: HandedOver; name: string; signatureSvg: string | null } | null>(null);

  const show = (next: Waiting) => {
    setWaiting(next);
    setMatches(null);
    setChosen(new Set(next.items.map((item) => item.custodyId)));
    setWho('recipient');
    setProxyKey('');
    setProxyName('');
    setAuthority('none');
    setContactEmail('');
    setIdNumber('');
    setSignature(null);
    setPhoto(null);
    setDone(null);
  };
  const open = async (request: { personKey: string } | { badge: string }) => {
    const result = await find.run(() => station.call('collection.waiting', request));
    if (result) show(result);
  };

  // A badge scanned at the counter: the recipient's own, or a standing proxy's (who then picks for whom).
  useScanTarget({ waitingFor: 'badge', words: 'the recipient’s or proxy’s badge', onScan: ({ code }) => void open({ badge: code.trim() }) });

  const search = async (event: FormEvent) => {
    event.preventDefault();
    if (query.trim() === '') return;
    const result = await find.run(() => station.call('directory.search', { query: query.trim() }));
    if (result) setMatches(result.people);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!waiting || handOver.busy) return;
    const custodyIds = waiting.items.map((item) => item.custodyId).filter((id) => chosen.has(id));
    if (custodyIds.length === 0) {
      handOver.setError(new StationRequestError('INVALID_ARGUMENTS', 'Tick the items handed over.'));
      return;
    }
    const proxyAuthority = authority === 'standingProxy' ? { kind: 'standingProxy' as const } : authority === 'departmentContact' ? { kind: 'departmentContact' as const, contactEmail } : undefined;
    const collector =
      who === 'recipient'
        ? { kind: 'recipient' as const }
        : { kind: 'proxy' as const, ...(proxyKey ? { proxyKey } : { proxyName: proxyName.trim() }), ...(proxyAuthority ? { authority: proxyAuthority } : {}) };
    const result = await handOver.run(() =>
      station.call('collection.handOver', {
        personKey: waiting.person.key,
        custodyIds,
        collector,
        ...(idNumber.trim() ? { idNumber: idNumber.trim() } : {}),
        ...(signature ? { signature } : {}),
        ...(photo ? { photoJpegBase64: photo } : {}),
      }),
    );
    if (!result) return;
    const signatureSvg = result.signatureSha256 ? (await station.call('collection.signature', { sha256: result.signatureSha256 })).svg : null;
    setWaiting(null);
    setDone({ result, name: waiting.person.name, signatureSvg });
  };

  const policy = waiting?.policy;
  return (
    <section className="collection-screen" aria-labelledby="collection-title" data-testid="collection-screen">
      <div className="collection-top">
        <h1 id="collection-title" className="screen-title">
          Collection counter
        </h1>
        <form className="collection-find" onSubmit={search} noValidate>
          <TextField label="Recipient’s name (or scan their badge)" value={query} onValue={setQuery} testId="collection-query" />
          <button type="submit" className="button" disabled={find.busy} data-testid="collection-search">
            Search
          </button>
        </form>
      </div>
      <ErrorNotice error={find.error} />
      {matches !== null && (
        <ul className="collection-matches" data-testid="collection-matches">
          {matches.length === 0 && <li>No one in the directory matches. Check the spelling, or scan their badge.</li>}
          {matches.map((person) => (
            <li key={person.key}>
              <button type="button" className="button" onClick={() => void open({ personKey: person.key })} data-testid={`collection-person-${person.key}`}>
                {person.name}
                {person.department ? ` — ${person.department}` : ''}
                {person.location ? `, ${person.location}` : ''}
              </button>
            </li>
          ))}
        </ul>
      )}
      {done && (
        <div className="collection-done" role="status" data-testid="collection-done">
          <p>
            Handed over to {done.name}: {done.result.delivered.length} item{done.result.delivered.length === 1 ? '' : 's'}. The receipt below is e-mailed to the recipient where this station sends notices.
          </p>
          {done.signatureSvg && <img className="collection-signature" src={`data:image/svg+xml;base64,${btoa(done.signatureSvg)}`} alt="The signature recorded" data-testid="collection-done-signature" />}
          {done.result.photoSha256 && <p data-testid="collection-done-photo">A photo was taken (fingerprint {done.result.photoSha256.slice(0, 12)}…).</p>}
        </div>
      )}
      {waiting && policy && (
        <form className="collection-handover" onSubmit={submit} noValidate data-testid="collection-handover">
          <h2>
            Waiting for {waiting.person.name}
            {waiting.person.department ? ` (${waiting.person.department})` : ''}
          </h2>
          {waiting.proxyFor.length > 0 && (
            <p className="field-hint">
              May collect for:{' '}
              {waiting.proxyFor.map((person) => (
                <button key={person.key} type="button" className="button button-small" onClick={() => void open({ personKey: person.key })} data-testid={`collection-proxy-for-${person.key}`}>
                  {person.name}
                </button>
              ))}
            </p>
          )}
          {waiting.items.length === 0 ? (
            <p data-testid="collection-none">Nothing cleared is waiting for {waiting.person.name}.</p>
          ) : (
            <>
              <fieldset className="collection-items">
                <legend className="field-label">Items handed over</legend>
                {waiting.items.map((item) => (
                  <Check
                    key={item.custodyId}
                    label={`${item.custodyId} — ${item.itemType ? ITEM_TYPE_NAMES[item.itemType] : 'item'}${item.carrier ? `, ${carrierName(item.carrier)}` : ''}`}
                    {...(item.trackingNumber ? { detail: item.trackingNumber } : {})}
                    checked={chosen.has(item.custodyId)}
                    onChecked={(on) => {
                      const next = new Set(chosen);
                      if (on) next.add(item.custodyId);
                      else next.delete(item.custodyId);
                      setChosen(next);
                    }}
                    testId={`collection-item-${item.custodyId}`}
                  />
                ))}
              </fieldset>
              <div className="collection-proof">
                <div>
                  <label className="field">
                    <span className="field-label">Who collects</span>
                    <select className="text-input" value={who} onChange={(event) => setWho(event.target.value === 'proxy' ? 'proxy' : 'recipient')} data-testid="collection-who">
                      <option value="recipient">{waiting.person.name} in person</option>
                      <option value="proxy">Someone on their behalf</option>
                    </select>
                  </label>
                  {who === 'proxy' && (
                    <>
                      {waiting.proxies.length > 0 && (
                        <label className="field">
                          <span className="field-label">Standing proxy</span>
                          <select
                            className="text-input"
                            value={proxyKey}
                            onChange={(event) => {
                              setProxyKey(event.target.value);
                              if (event.target.value) setAuthority('standingProxy');
                            }}
                            data-testid="collection-proxy"
                          >
                            <option value="">Someone else (type the name)</option>
                            {waiting.proxies.map((person) => (
                              <option key={person.key} value={person.key}>
                                {person.name}
                              </option>
                            ))}
                          </select>
                        </label>
                      )}
                      {!proxyKey && (
                        <>
                          <TextField label="The proxy’s name" value={proxyName} onValue={setProxyName} testId="collection-proxy-name" />
                          <label className="field">
                            <span className="field-label">Authorised by (department contact)</span>
                            <select
                              className="text-input"
                              value={contactEmail}
                              onChange={(event) => {
                                setContactEmail(event.target.value);
                                setAuthority(event.target.value ? 'departmentContact' : 'none');
                              }}
                              data-testid="collection-contact"
                            >
                              <option value="">No authorisation</option>
                              {waiting.departmentContacts.map((contact) => (
                                <option key={contact.email} value={contact.email}>
                                  {contact.name} ({contact.email})
                                </option>
                              ))}
                            </select>
                          </label>
                        </>
                      )}
                    </>
                  )}
                  {policy.idDocument !== 'off' && (
                    <TextField label={`ID number (${PROOF_WORDS[policy.idDocument]})`} value={idNumber} onValue={setIdNumber} testId="collection-id" />
                  )}
                  {/* Beside the proof, not under it: the whole hand-over fits a 1366x768 screen. */}
                  <ErrorNotice error={handOver.error} />
                  <div className="form-actions">
                    <button type="submit" className="button button-primary button-large" disabled={handOver.busy} data-testid="collection-submit">
                      Hand over {chosen.size} item{chosen.size === 1 ? '' : 's'}
                    </button>
                  </div>
                </div>
                {policy.signature !== 'off' && (
                  <div>
                    <span className="field-label">Signature ({PROOF_WORDS[policy.signature]})</span>
                    <SignaturePad signature={signature} onSignature={setSignature} />
                  </div>
                )}
                {policy.photo !== 'off' && (
                  <div>
                    <span className="field-label">Photo ({PROOF_WORDS[policy.photo]})</span>
                    <CameraCapture photo={photo} onPhoto={setPhoto} />
                  </div>
                )}
              </div>
            </>
          )}
        </form>
      )}
    </section>
  );
}
