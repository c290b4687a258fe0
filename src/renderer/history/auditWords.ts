import type { AuditEvent, DisplayUnit, SkippableStep } from '../../shared/contract/index.ts';
import { indicatorByCode } from '../../shared/domain/indicators.ts';
import { INCIDENT_TYPE_NAMES } from '../ui/incidentTypes.ts';
import { ITEM_TYPE_NAMES } from '../ui/itemTypes.ts';
import { SKIPPABLE_STEP_NAMES } from '../ui/stepWords.ts';
import { formatWeight } from '../ui/weight.ts';
import { XRAY_VERDICT_NAMES } from '../ui/xrayWords.ts';

type Payload = Record<string, unknown>;
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function verdict(value: unknown): string {
  const v = str(value);
  return v === 'clear' || v === 'suspect' || v === 'inconclusive' ? XRAY_VERDICT_NAMES[v] : v;
}

function skippedStep(value: unknown): string {
  const step = str(value);
  return Object.hasOwn(SKIPPABLE_STEP_NAMES, step) ? SKIPPABLE_STEP_NAMES[step as SkippableStep] : step;
}

const REPORT_NAMES: Readonly<Record<string, string>> = { custodyForm: 'Chain-of-custody form', incident: 'Incident report', dailyLog: 'Daily log' };

/** One audit event of an item in an operator's words: "Weighed 1,250 g (typed: scale out)". */
export function describeAuditEvent(event: AuditEvent, unit: DisplayUnit): string {
  const p: Payload = event.payload;
  switch (event.kind) {
    case 'item.received':
      return `Received (scanned ${str(p.scannedCode) || str(p.code) || 'a label'})`;
    case 'item.rescanned':
      return 'Scanned again';
    case 'item.detailsRecorded': {
      const type = str(p.itemType);
      const name = type in ITEM_TYPE_NAMES ? ITEM_TYPE_NAMES[type as keyof typeof ITEM_TYPE_NAMES] : type || 'type not set';
      return `Details recorded: ${name}${str(p.recipient) ? `, to ${str(p.recipient)}` : ''}`;
    }
    case 'item.weighed': {
      const grams = num(p.grams);
      const weight = grams === null ? 'weight' : formatWeight(grams, unit);
      return str(p.source) === 'manual' ? `Weighed ${weight} (typed: ${str(p.reason)})` : `Weighed ${weight} (scale ${str(p.deviceId)}: ${str(p.value)} ${str(p.unit)})`;
    }
    case 'item.stepSkipped':
      return `Skipped ${skippedStep(p.step)}: ${str(p.reason)}`;
    case 'item.inspected': {
      const codes = list(p.indicators);
      return codes.length === 0 ? 'Inspected: no indicators' : `Inspected: ${codes.map((code) => indicatorByCode(code)?.label ?? code).join('; ')}`;
    }
    case 'xray.scanRequested':
      return 'X-ray scan requested';
    case 'xray.scanRefused':
      return `X-ray scan refused by the cabinet: ${str(p.reason)}`;
    case 'xray.imageCaptured':
      return `X-ray image received (SHA-256 ${str(p.sha256).slice(0, 12)}…)`;
    case 'xray.verdictRecorded':
      return `X-ray verdict: ${verdict(p.verdict)}${list(p.findings).length > 0 ? ` (${list(p.findings).join(', ')})` : ''}`;
    case 'xray.secondReview':
      return `Second X-ray review: ${verdict(p.verdict)}`;
    case 'item.cleared':
      return 'Cleared; clearance label queued';
    case 'item.delivered': {
      const to = (p.receivedBy ?? {}) as Payload;
      return `Delivered to ${str(to.name) || str(to.badge)}`;
    }
    case 'item.returned':
      return `Returned: ${str(p.reason)}`;
    case 'item.markedSuspect':
      return `Marked SUSPECT — incident ${str(p.incidentNumber)}: ${str(p.reason)}`;
    case 'custody.quarantined':
      return `Quarantined at ${str(p.location)}${list(p.sealNumbers).length > 0 ? `, seals ${list(p.sealNumbers).join(', ')}` : ''}`;
    case 'custody.transferred':
      return 'Custody transferred to another operator';
    case 'custody.handedOver': {
      const to = (p.receivedBy ?? {}) as Payload;
      return `Handed over to ${str(to.name)} (${str(to.agency)}, badge ${str(to.badgeNumber)})`;
    }
    case 'custody.released':
      return `Released from quarantine (two people): ${str(p.reason)}`;
    case 'custody.destroyed':
      return `Recorded destroyed (two people): ${str(p.reason)}`;
    case 'drill.started': {
      const scenario = str(p.scenario);
      return `Drill started: ${scenario in INCIDENT_TYPE_NAMES ? INCIDENT_TYPE_NAMES[scenario as keyof typeof INCIDENT_TYPE_NAMES] : scenario}`;
    }
    case 'report.generated':
      return `${REPORT_NAMES[str(p.report)] ?? 'Report'} made: ${str(p.fileName)} (SHA-256 ${str(p.sha256).slice(0, 12)}…)`;
    case 'records.holdPlaced':
      return `Legal hold placed: ${str(p.reason)}`;
    case 'records.holdReleased':
      return `Legal hold released: ${str(p.reason)}`;
    default:
      return event.kind;
  }
}
