import type { AuditEvent, IncidentView, ItemDetail } from '../../shared/contract/index.ts';
import { carrierName, CUSTODY_KIND_NAMES, INCIDENT_OUTCOME_NAMES, INCIDENT_TYPE_NAMES, ITEM_STATE_NAMES, ITEM_TYPE_NAMES } from '../../shared/words/index.ts';
import { formatInstant, MODE_LABEL, partyText, yesNo } from './format.ts';
import { ReportPdf } from './reportPdf.ts';
import { footerLines, type ReportContext } from './reportContext.ts';

export interface IncidentReportInput {
  incident: IncidentView;
  item: ItemDetail | null;
  /** The audit events of the item and of the incident, oldest first. */
  events: AuditEvent[];
  /** What the item's screening steps recorded, a line each (each step says its own: ReportSources.itemReportFields). */
  itemFields: IncidentItemField[];
}

/** One line of "The item": its label and what was recorded. */
export type IncidentItemField = [label: string, value: string];

/** The incident / after-action report: what happened, who did what when, who was exposed, who holds the item. */
export function renderIncidentReport(input: IncidentReportInput, context: ReportContext): Promise<Buffer> {
  const { incident, item } = input;
  const name = context.operatorName;
  const drill = incident.mode === 'drill';
  const pdf = new ReportPdf({
    title: `Incident report ${incident.number}`,
    subject: `${INCIDENT_TYPE_NAMES[incident.type]} — ${context.siteName}`,
    compress: context.compress,
    chainHead: context.chainHead,
    furniture: {
      runningTitle: `${context.siteName} · Incident report ${incident.number}${drill ? ' · DRILL' : ''}`,
      footerLines: footerLines(context),
      watermark: drill ? 'DRILL' : incident.mode === 'demo' ? 'DEMO' : null,
    },
  });

  pdf.title(`Incident report ${incident.number}`, `${context.siteName} · station ${context.stationId} · after-action report`);
  if (drill) pdf.banner('DRILL — EXERCISE ONLY. NOT A REAL INCIDENT.', '#b00020');
  else if (incident.mode === 'demo') pdf.banner('DEMO — made with simulated devices. Not a real incident.', '#8a5a00');

  pdf.heading('Summary');
  pdf.fields([
    ['Incident number', incident.number],
    ['Type', INCIDENT_TYPE_NAMES[incident.type]],
    ['Record mode', MODE_LABEL[incident.mode]],
    ['Reason given', incident.reason],
    ['Protocol', `${incident.protocolTitle} (version ${incident.protocolVersion})`],
    ['Opened', `${formatInstant(incident.openedAt)} by ${name(incident.openedBy)}`],
    [
      'Closed',
      incident.closedAt
        ? `${formatInstant(incident.closedAt)} by ${name(incident.closedBy)}${incident.closedSecondBy ? `, second signature ${name(incident.closedSecondBy)}` : ''}`
        : 'OPEN — this report is interim',
    ],
    ['Outcome', incident.outcome ? INCIDENT_OUTCOME_NAMES[incident.outcome] : 'Not yet recorded'],
    ['Lab reference', incident.labReference ?? '—'],
    ['Protocol steps', `${incident.stepsDone} of ${incident.stepsTotal} acknowledged`],
  ]);

  pdf.heading('The item');
  const it = item?.item;
  pdf.fields([
    ['Custody ID', incident.custodyId],
    ['Carrier / tracking', it ? [carrierName(it.carrier), it.trackingNumber ?? it.scannedCode].join(' · ') : '—'],
    ['Item type', it?.itemType ? ITEM_TYPE_NAMES[it.itemType] : 'Not recorded'],
    ['Received', it ? `${formatInstant(it.receivedAt)} by ${name(it.receivedBy)}` : '—'],
    ...input.itemFields,
    ['State now', it ? ITEM_STATE_NAMES[it.state] : '—'],
  ]);

  pdf.heading('Documentation (DHS checklist)');
  const d = incident.details;
  pdf.fields([
    ['Location of item / substance', d.location ?? 'Not recorded'],
    ['Substance', d.substanceDescription ?? 'Not recorded'],
    ['Mail piece (markings, labels, postage)', d.mailPieceDescription ?? 'Not recorded'],
    ['Addressee name and address', d.addressee ?? 'Not recorded'],
    ['Mailer name and address', d.mailer ?? 'Not recorded'],
    ['Evacuation distance', incident.evacuationDistanceMeters !== null ? `${incident.evacuationDistanceMeters} m` : 'Not recorded'],
    ['No radios / phones within', incident.noRadioWithinMeters !== null ? `${incident.noRadioWithinMeters} m` : '—'],
    ['Opened before judged suspect', yesNo(d.openedBeforeSuspect)],
    ['HVAC shut down at', d.hvacShutDownAt ? formatInstant(d.hvacShutDownAt) : 'Not recorded'],
  ]);

  pdf.heading('Timeline of protocol steps');
  pdf.table(
    [
      { header: '#', weight: 0.35 },
      { header: 'Step', weight: 2.9 },
      { header: 'Acknowledged', weight: 1.9 },
      { header: 'By', weight: 1.7 },
      { header: 'Seconds', weight: 1 },
      { header: 'Note', weight: 2.4 },
    ],
    incident.steps.map((s, i) => [
      String(i + 1),
      `${s.title}${s.critical ? ' (critical)' : ''}`,
      s.acknowledgedAt ? formatInstant(s.acknowledgedAt, false) : 'NOT ACKNOWLEDGED',
      s.acknowledgedBy ? `${s.acknowledgedByName ?? name(s.acknowledgedBy)}${s.secondBy ? ` + ${name(s.secondBy)}` : ''}` : '—',
      s.secondsTaken !== null ? String(s.secondsTaken) : '—',
      [s.note, s.couldNotBecause !== null ? `RECORD NOT MADE (${s.recordsMissing.join('; ') || 'made later'}) because: ${s.couldNotBecause}` : null].filter(Boolean).join('\n'),
    ]),
  );
  const withoutRecord = incident.steps.filter((s) => s.acknowledgedAt !== null && s.couldNotBecause !== null);
  if (withoutRecord.length > 0) {
    pdf.paragraph(`Steps done without the record their protocol asks for (${withoutRecord.length})`, { bold: true, size: 9.5 });
    for (const s of withoutRecord) pdf.paragraph(`${s.title} — could not: ${s.couldNotBecause}`);
  }

  pdf.heading('Persons — for public health and law enforcement');
  pdf.note('Everyone in the immediate area when the item was recognized, and separately everyone who handled it (CDC / DHS guidance: give both lists to public health and to law enforcement).');
  const handled = incident.persons.filter((p) => p.involvement !== 'present');
  const present = incident.persons.filter((p) => p.involvement !== 'handled');
  const personColumns = [
    { header: 'Name', weight: 2.5 },
    { header: 'Contact', weight: 2.5 },
    { header: 'Recorded', weight: 2 },
  ];
  pdf.paragraph(`Persons who handled the item (${handled.length})`, { bold: true, size: 9.5 });
  pdf.table(personColumns, handled.map((p) => [p.name, p.contact ?? '—', formatInstant(p.recordedAt, false)]), { emptyText: 'Nobody recorded as having handled the item.' });
  pdf.paragraph(`Persons present in the area (${present.length})`, { bold: true, size: 9.5 });
  pdf.table(personColumns, present.map((p) => [p.name, p.contact ?? '—', formatInstant(p.recordedAt, false)]), { emptyText: 'Nobody recorded as present.' });

  pdf.heading('Notifications');
  pdf.table(
    [
      { header: 'Agency', weight: 2 },
      { header: 'Notified at', weight: 2 },
      { header: 'Reference', weight: 1.5 },
      { header: 'Notes', weight: 3 },
    ],
    incident.notifications.map((n) => [n.agency, formatInstant(n.notifiedAt, false), n.reference ?? '—', n.notes]),
    { emptyText: 'No notification recorded.' },
  );

  pdf.heading('Responders');
  pdf.table(
    [
      { header: 'Agency', weight: 2 },
      { header: 'Names', weight: 3 },
      { header: 'Arrived', weight: 2 },
    ],
    incident.responders.map((r) => [r.agency, r.names ?? '—', formatInstant(r.arrivedAt, false)]),
    { emptyText: 'No responder arrival recorded.' },
  );

  pdf.heading('Witness statements');
  if (incident.witnessStatements.length === 0) pdf.note('No witness statement recorded.');
  for (const w of incident.witnessStatements) {
    pdf.paragraph(`${w.witnessName} — recorded ${formatInstant(w.recordedAt)}`, { bold: true, size: 9.5 });
    pdf.paragraph(w.statement);
  }

  pdf.heading('Chain of custody');
  pdf.table(
    [
      { header: '#', weight: 0.35 },
      { header: 'Date / time', weight: 1.7 },
      { header: 'Action', weight: 1.5 },
      { header: 'Released by', weight: 2.2 },
      { header: 'Received by', weight: 2.2 },
      { header: 'Seals', weight: 1.35 },
      { header: 'Seal intact', weight: 0.8 },
      { header: 'Reason / location', weight: 1.85 },
    ],
    incident.custody.map((t, i) => [
      String(i + 1),
      formatInstant(t.at, false),
      CUSTODY_KIND_NAMES[t.kind],
      partyText(t.releasedBy),
      `${partyText(t.receivedBy)}${t.secondBy ? ` (second: ${name(t.secondBy)})` : ''}`,
      t.sealNumbers.join('\n') || 'none',
      yesNo(t.sealIntact),
      [t.reason, t.location].filter(Boolean).join(' — '),
    ]),
    { emptyText: 'No custody transfer recorded.' },
  );

  pdf.heading('Outcome and corrective actions');
  pdf.fields([
    ['Outcome', incident.outcome ? INCIDENT_OUTCOME_NAMES[incident.outcome] : 'Not yet recorded'],
    ['Lab reference', incident.labReference ?? '—'],
  ]);
  pdf.paragraph('Corrective actions', { bold: true, size: 9.5 });
  pdf.paragraph(incident.correctiveActions?.trim() || 'None recorded.');

  pdf.heading('Audit trail of this item and incident');
  pdf.note('Every entry below is an event of the station’s hash-chained audit log; its sequence number identifies it in an audit export (npm run -s cli -- export).');
  pdf.table(
    [
      { header: 'Seq', weight: 0.6 },
      { header: 'Time', weight: 1.7 },
      { header: 'Who', weight: 1.8 },
      { header: 'Event', weight: 2.2 },
      { header: 'Hash (first 16)', weight: 1.7 },
    ],
    input.events.map((e) => [String(e.seq), formatInstant(e.at, false), name(e.actor), e.kind, e.hash.slice(0, 16)]),
    { fontSize: 7.5 },
  );

  pdf.heading('Review and sign-off');
  pdf.note('An incident report after every incident, with a corrective-action review and senior-management sign-off (USPS Publication 166; USPIS best practice).');
  pdf.signatureLines(['Mail center security coordinator — name, signature, date', 'Senior management — name, signature, date']);

  return pdf.finish();
}
