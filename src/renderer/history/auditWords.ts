import { readAuditEvent, type AuditEvent, type AuditKind, type DisplayUnit, type StoredAuditPayload } from '../../shared/contract/index.ts';
import { indicatorByCode } from '../../shared/domain/index.ts';
import { SKIPPABLE_STEP_NAMES } from '../item/index.ts';
import { INCIDENT_TYPE_NAMES } from '../ui/index.ts';
import { ITEM_TYPE_NAMES } from '../ui/index.ts';
import { ROLE_NAMES } from '../ui/index.ts';
import { formatWeight } from '../ui/index.ts';
import { XRAY_VERDICT_NAMES } from '../ui/index.ts';

// A stored payload may lack any field (an older version did not write it): every word has a fallback.
const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const list = (value: readonly unknown[] | undefined): string[] => (value ?? []).filter((v): v is string => typeof v === 'string');

function verdict(value: string | undefined): string {
  const v = value ?? '';
  return v === 'clear' || v === 'suspect' || v === 'inconclusive' ? XRAY_VERDICT_NAMES[v] : v;
}

/** Where a second review answered through the site came from (its `remote`), or nothing. */
function remoteWords(remote: unknown): string {
  if (typeof remote !== 'object' || remote === null) return '';
  const { station, by } = remote as { station?: unknown; by?: unknown };
  return typeof station === 'string' && station !== '' ? ` (answered through the site, at station ${station})` : ` (answered through the site, at its console${typeof by === 'string' && by !== '' ? ` ${by}` : ''})`;
}

const roleName = (value: unknown): string => {
  const role = str(value);
  return role === 'screener' || role === 'coordinator' || role === 'admin' ? ROLE_NAMES[role] : role;
};

/** A hand-over at the collection counter: who took it, on whose word, and the proof recorded (a hand-over of before kept the ID number itself). */
function collectionWords(proof: Readonly<Record<string, unknown>>): string {
  const authority = proof.authority === 'standingProxy' ? ' (standing proxy)' : proof.authority === 'departmentContact' ? ` (authorised by ${str(proof.authorisedBy)})` : '';
  const who = proof.collector === 'proxy' ? `${str(proof.proxyName)} for ${str(proof.recipientName)}${authority}` : str(proof.recipientName);
  const kept = [proof.signatureSha256 ? 'signature' : '', proof.photoSha256 ? 'photo' : '', proof.idNumber ? `ID ${str(proof.idNumber)}` : proof.idNumberHmac ? 'ID document number' : ''].filter((part) => part !== '');
  return `Handed over at the counter to ${who}${kept.length > 0 ? ` — proof: ${kept.join(', ')}` : ''}`;
}

const REPORT_NAMES: Readonly<Record<string, string>> = { custodyForm: 'Chain-of-custody form', incident: 'Incident report', dailyLog: 'Daily log' };
const NOTICE_WORDS: Readonly<Record<string, string>> = { ready: 'Ready-to-collect notice', reminder: 'Reminder', escalation: 'Escalation to the department', 'security-alert': 'Security alert', receipt: 'Collection receipt' };

/** `stored` is the payload as it was written, for a field the catalog could not read (an older or newer version's value). */
type Words = { readonly [K in AuditKind]: (payload: StoredAuditPayload<K>, unit: DisplayUnit, stored: Readonly<Record<string, unknown>>) => string };

/** Every kind of the catalog in an operator's words: a kind added to the catalog without words does not compile. */
const WORDS: Words = {
  'station.initialized': () => 'Station record started',
  'item.received': (p) => `Received (scanned ${str(p.scannedCode) || 'a label'})`,
  'drill.started': (p) => {
    const scenario = str(p.scenario);
    return `Drill started: ${scenario in INCIDENT_TYPE_NAMES ? INCIDENT_TYPE_NAMES[scenario as keyof typeof INCIDENT_TYPE_NAMES] : scenario}`;
  },
  'item.detailsRecorded': (p) => {
    const type = str(p.itemType);
    const name = type in ITEM_TYPE_NAMES ? ITEM_TYPE_NAMES[type as keyof typeof ITEM_TYPE_NAMES] : type || 'type not set';
    return `Details recorded: ${name}${str(p.recipient) ? `, to ${str(p.recipient)}` : ''}`;
  },
  'item.weighed': (p, unit) => {
    const weight = p.grams === undefined ? 'weight' : formatWeight(p.grams, unit);
    return p.source === 'manual' ? `Weighed ${weight} (typed: ${str(p.reason)})` : `Weighed ${weight} (scale ${str(p.deviceId)}: ${str(p.value)} ${str(p.unit)})`;
  },
  // A step this version does not know is named as it was stored, never taken for another.
  'item.stepSkipped': (p, _unit, stored) => `Skipped ${p.step === undefined ? str(stored.step) || 'a step' : SKIPPABLE_STEP_NAMES[p.step]}: ${str(p.reason)}`,
  'item.inspected': (p) => {
    const codes = list(p.indicators);
    return codes.length === 0 ? 'Inspected: no indicators' : `Inspected: ${codes.map((code) => indicatorByCode(code)?.label ?? code).join('; ')}`;
  },
  'xray.scanRequested': () => 'X-ray scan requested',
  'xray.scanRefused': (p) => `X-ray scan refused by the cabinet: ${str(p.reason)}`,
  'xray.imageCaptured': (p) => `X-ray image received (SHA-256 ${str(p.sha256).slice(0, 12)}…)`,
  'xray.verdictRecorded': (p) => `X-ray verdict: ${verdict(p.verdict)}${list(p.findings).length > 0 ? ` (${list(p.findings).join(', ')})` : ''}`,
  'xray.secondReview': (p) => `Second X-ray review: ${verdict(p.verdict)}${remoteWords(p.remote)}`,
  'item.cleared': () => 'Cleared; clearance label queued',
  'item.delivered': (p) => (p.receivedBy?.kind === 'collection' ? collectionWords(p.receivedBy) : `Delivered to ${str(p.receivedBy?.name) || str(p.receivedBy?.badge)}`),
  'item.returned': (p) => `Returned: ${str(p.reason)}`,
  'item.voided': (p) => `Voided (taken in by mistake): ${str(p.reason)}`,
  'item.markedSuspect': (p) => `Marked SUSPECT — incident ${str(p.incidentNumber)}: ${str(p.reason)}${remoteWords(p.remote ?? p.xray?.remote)}`,
  'custody.quarantined': (p) => `Quarantined at ${str(p.location)}${list(p.sealNumbers).length > 0 ? `, seals ${list(p.sealNumbers).join(', ')}` : ''}`,
  'custody.transferred': () => 'Custody transferred to another operator',
  'custody.handedOver': (p) =>
    p.receivedBy?.kind === 'station'
      ? `Handed over to station ${str(p.receivedBy.station)} (it records its receipt)`
      : `Handed over to ${str(p.receivedBy?.name)} (${str(p.receivedBy?.agency)}, badge ${str(p.receivedBy?.badgeNumber)})`,
  'custody.released': (p) => `Released from quarantine (two people): ${str(p.reason)}`,
  'custody.destroyed': (p) => `Recorded destroyed (two people): ${str(p.reason)}`,
  'custody.receivedFromStation': (p) =>
    `Received ${str(p.custodyId)} from station ${str(p.fromStation)}: seals ${list(p.sealNumbers).join(', ') || 'none'} ${p.sealIntact ? 'intact' : 'NOT intact'}${p.handOverSeen ? '' : ' (the hand-over was not at the site yet)'}`,
  'incident.opened': (p) => `Incident opened: ${str(p.type)}`,
  'incident.stepAcknowledged': (p) => `Protocol step acknowledged: ${str(p.title) || str(p.stepId)}`,
  'incident.personRecorded': (p) => `Person recorded: ${str(p.name)}`,
  'incident.notificationRecorded': (p) => `Notified ${str(p.agency)}`,
  'incident.witnessStatementRecorded': (p) => `Witness statement recorded: ${str(p.witnessName)}`,
  'incident.respondersArrived': (p) => `Responders arrived: ${str(p.agency)}`,
  'incident.detailsRecorded': () => 'Incident details recorded',
  'incident.outcomeRecorded': (p) => `Incident outcome: ${str(p.outcome)}`,
  'incident.closed': () => 'Incident closed (two people)',
  'operator.created': (p) => `Operator created: ${str(p.name)} (${str(p.role)})`,
  'operator.loggedIn': () => 'Logged in',
  'operator.confirmed': () => 'Confirmed with badge and PIN',
  'operator.loginRefused': (p) => (str(p.reason) === 'inactive' ? 'Refused: the badge is not active' : str(p.reason) === 'pinToChange' ? 'Refused: a new PIN must be chosen first' : 'Wrong PIN'),
  'operator.lockedOut': (p) => `Locked out until ${str(p.lockedUntil)}`,
  'operator.loggedOut': (p) => {
    switch (str(p.reason)) {
      case 'elsewhere':
        return 'Logged out: someone logged in on another screen of the station';
      case 'ended by admin':
        return 'Logged out: an admin changed the operator';
      default:
        return 'Logged out';
    }
  },
  'operator.unlocked': () => 'Unlocked',
  'operator.deactivated': () => 'Deactivated: can no longer log in or sign',
  'operator.reactivated': () => 'Reactivated: can log in again',
  'operator.roleChanged': (p) => `Role changed from ${roleName(p.previousRole)} to ${roleName(p.role)}${p.pinToChange === true ? ', a new PIN to choose at the next login' : ''}`,
  'operator.pinReset': () => 'PIN reset by an admin, to be changed at the next login',
  'operator.pinChanged': () => 'PIN changed by its owner',
  'training.recorded': (p) => `Training recorded: ${str(p.kind)}`,
  'site.settingsChanged': () => 'Site settings changed',
  'devices.reconfigured': () => 'Devices reconfigured',
  'report.generated': (p) => `${REPORT_NAMES[str(p.report)] ?? 'Report'} made: ${str(p.fileName)} (SHA-256 ${str(p.sha256).slice(0, 12)}…)`,
  'audit.exported': (p) => `Audit log exported: ${str(p.from)} to ${str(p.to)}`,
  'records.holdPlaced': (p) => `Legal hold placed: ${str(p.reason)}`,
  'records.holdReleased': (p) => `Legal hold released: ${str(p.reason)}`,
  'records.retentionChanged': () => 'Retention policy changed',
  'records.purged': () => 'Records purged under the retention policy',
  'records.backedUp': (p) => `Backed up to ${str(p.folder)}`,
  'records.backupFailed': (p) => `Backup failed: ${str(p.error)}`,
  'site.chainRefused': (p) => `Site alarm: ${str(p.detail)}`,
  'print.queued': () => 'Label queued',
  'print.reprinted': () => 'Label queued again (reprint)',
  'print.started': () => 'Label printing',
  'print.printed': () => 'Label printed',
  'print.retrying': (p) => `Label not printed, trying again: ${str(p.error)}`,
  'print.failed': (p) => `Label failed: ${str(p.error)}`,
  'print.resumed': () => 'Label printing again after a restart',
  'directory.syncFailed': (p) => `Directory sync not applied (the last good directory stays): ${str(p.reason)}`,
  'notice.queued': (p) => `${NOTICE_WORDS[str(p.notice)] ?? 'Notice'} queued for e-mail`,
  'notice.sending': () => 'E-mail notice being sent',
  'notice.sent': () => 'E-mail notice sent',
  'notice.retrying': (p) => `E-mail notice not sent, trying again: ${str(p.error)}`,
  'notice.bounced': (p) => `E-mail notice refused by the mail server: ${str(p.error)}`,
  'notice.failed': (p) => `E-mail notice failed: ${str(p.error)}`,
  'notice.resumed': () => 'E-mail notice sent again after a restart',
  'webhook.queued': (p) => `Notice to ${str(p.endpoint)} queued (${str(p.event)})`,
  'webhook.sending': () => 'Notice to another system being sent',
  'webhook.sent': () => 'Notice to another system sent',
  'webhook.retrying': (p) => `Notice to another system not sent, trying again: ${str(p.error)}`,
  'webhook.failed': (p) => `Notice to another system failed: ${str(p.error)}`,
  'webhook.resumed': () => 'Notice to another system sent again after a restart',
  'xray.fileRefused': (p) => `X-ray file refused: ${str(p.file)} (${str(p.reason)})`,
  'xray.file-refused': (p) => `X-ray file refused: ${str(p.detail)}`,
  'xray.unclaimed-image': (p) => `X-ray image with no scan: ${str(p.detail)}`,
  'xray.scan-failed': (p) => `X-ray scan failed: ${str(p.detail)}`,
  'xray.scan-timeout': (p) => `X-ray scan timed out: ${str(p.detail)}`,
  'xray.image-error': (p) => `X-ray image error: ${str(p.detail)}`,
  'xray.protocol': (p) => `X-ray cabinet protocol: ${str(p.detail)}`,
  'directory.personAdded': (p) => `Directory: ${str(p.name)} added`,
  'directory.personChanged': (p) => `Directory: ${Object.keys(p.set ?? {}).join(', ') || 'details'} changed`,
  'directory.personRemoved': () => 'Directory: no longer in the directory',
  'directory.imported': (p) => `Directory ${str(p.source) === 'ldap' ? 'synchronised' : 'imported'}: ${str(p.added)} added, ${str(p.changed)} changed, ${str(p.removed)} removed`,
  'directory.departmentContactsSet': (p) => `Department contacts set: ${(p.contacts ?? []).map((c) => str(c.name)).join(', ') || 'none'}`,
  'directory.proxySet': (p) => (p.allowed === false ? 'Standing proxy withdrawn' : 'Standing proxy given'),
  'item.recipientChosen': (p) => `Recipient: ${str(p.name)}${p.personKey ? '' : ' (typed, not in the directory)'}`,
  'collection.idNumberChecked': (p) => `ID document checked against the hand-over: the number ${p.matches === true ? 'matches' : 'does NOT match'} the one recorded`,
  'incident.alertAcknowledged': () => 'Security alert acknowledged on a coordinator’s screen',
};

function wordsFor<K extends AuditKind>(kind: K, payload: StoredAuditPayload<K>, unit: DisplayUnit, stored: Readonly<Record<string, unknown>>): string {
  const words: Words[K] = WORDS[kind];
  return words(payload, unit, stored);
}

const RAW_LIMIT = 160;

/**
 * One audit event of an item in an operator's words: "Weighed 1,250 g (typed: scale out)". An
 * event the catalog cannot read (a kind this version does not know, from an older or newer
 * station) is shown raw, as stored, rather than guessed at.
 */
export function describeAuditEvent(event: AuditEvent, unit: DisplayUnit): string {
  const reading = readAuditEvent(event);
  if (reading.ok) return wordsFor(reading.event.kind, reading.event.payload, unit, event.payload);
  const payload = JSON.stringify(event.payload);
  return `${event.kind} ${payload.length > RAW_LIMIT ? `${payload.slice(0, RAW_LIMIT)}…` : payload}`;
}
