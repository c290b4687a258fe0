import bwipjs from 'bwip-js';
import { ItemState, statesInStage, type IncidentView, type ItemDetail } from '../../shared/contract/index.ts';
import { stepLeadsTo } from '../workflow/index.ts';
import { carrierName, CUSTODY_KIND_NAMES, INCIDENT_TYPE_NAMES, ITEM_STATE_NAMES, ITEM_TYPE_NAMES } from '../../shared/words/index.ts';
import { formatInstant, partyText, yesNo } from './format.ts';
import { ReportPdf } from './reportPdf.ts';
import { footerLines, type ReportContext } from './reportContext.ts';

/** The item's hand-over at the collection counter, when it had one: what the record says and the signature's strokes. */
export interface CounterHandOver {
  words: Array<[string, string]>;
  signature: { width: number; height: number; strokes: Array<Array<[number, number]>> } | null;
}

/**
 * What the form prints of the item and its incident: the station gives its whole views; the site
 * console gives the same fields from the site's record (src/main/site/console/consoleCustodyForm.ts).
 */
export interface CustodyFormInput {
  detail: Pick<ItemDetail, 'item' | 'custody' | 'recipient' | 'sender' | 'dimensions'> & { weights: ReadonlyArray<{ grams: number }> };
  incident: Pick<IncidentView, 'number' | 'type' | 'openedAt' | 'openedBy' | 'details'> | null;
  handOver?: CounterHandOver | null;
}

/** The signature as it was drawn at the counter, scaled into a box on the form (vector lines, not an image). */
function drawSignature(pdf: ReportPdf, signature: NonNullable<CounterHandOver['signature']>): void {
  const doc = pdf.doc;
  const width = Math.min(300, pdf.width);
  const scale = width / signature.width;
  const height = signature.height * scale;
  pdf.ensureSpace(height + 10);
  const top = doc.y;
  doc.save();
  doc.lineWidth(0.5).strokeColor('#555555').rect(pdf.left, top, width, height).stroke();
  doc.lineWidth(1.2).strokeColor('black').lineCap('round').lineJoin('round');
  for (const stroke of signature.strokes) {
    const [first, ...rest] = stroke;
    if (!first) continue;
    doc.moveTo(pdf.left + first[0] * scale, top + first[1] * scale);
    for (const [x, y] of rest.length > 0 ? rest : [first]) doc.lineTo(pdf.left + x * scale, top + y * scale);
    doc.stroke();
  }
  doc.restore();
  doc.x = pdf.left;
  doc.y = top + height + 10;
}

/**
 * The states in which the item is evidence: suspect, quarantined, and handed over (to the authorities,
 * still as evidence). Released or destroyed, it no longer is, and the form says nothing of suspicion.
 */
const HELD_AS_EVIDENCE = statesInStage('suspect', 'quarantined');
const HANDED_OVER_AS_EVIDENCE = stepLeadsTo('QUARANTINED', 'handOver');
export const EVIDENCE_STATES: readonly ItemState[] = ItemState.options.filter((state) => HELD_AS_EVIDENCE.includes(state) || state === HANDED_OVER_AS_EVIDENCE);

/** Blank rows for the transfers still to come: the paper goes on where the station's record stops. */
const MIN_BLANK_ROWS = 4;
const BLANK_ROW_HEIGHT = 34;

async function code128(text: string): Promise<Buffer | null> {
  try {
    return await bwipjs.toBuffer({ bcid: 'code128', text, scale: 3, height: 11, includetext: false });
  } catch {
    // The human-readable custody ID is the record; a barcode that cannot be drawn is left off.
    return null;
  }
}

/**
 * The chain-of-custody form that travels with the evidence (NIJ/NIST practice): unique item ID,
 * description, collector, when and where found, seals, every recorded hand, then signature rows.
 */
export async function renderCustodyForm(input: CustodyFormInput, context: ReportContext): Promise<Buffer> {
  const { detail, incident } = input;
  const item = detail.item;
  const name = context.operatorName;
  const mode = item.mode;
  const pdf = new ReportPdf({
    title: `Chain of custody ${item.custodyId}`,
    subject: `Chain-of-custody form — ${context.siteName}`,
    compress: context.compress,
    chainHead: context.chainHead,
    furniture: {
      runningTitle: `${context.siteName} · Chain of custody · item ${item.custodyId}${incident ? ` · incident ${incident.number}` : ''}`,
      footerLines: footerLines(context),
      watermark: mode === 'drill' ? 'DRILL' : mode === 'demo' ? 'DEMO' : null,
    },
  });
  const doc = pdf.doc;

  pdf.title('CHAIN OF CUSTODY — EVIDENCE', `${context.siteName} · station ${context.stationId}`);
  if (mode === 'drill') pdf.banner('DRILL — EXERCISE ONLY. NOT EVIDENCE.', '#b00020');
  else if (mode === 'demo') pdf.banner('DEMO — made with simulated devices. Not evidence.', '#8a5a00');
  if (incident && EVIDENCE_STATES.includes(item.state)) {
    pdf.banner(`SUSPECT — DO NOT OPEN · ${INCIDENT_TYPE_NAMES[incident.type]}`, '#000000');
  }

  // The custody ID, big and as a barcode, is what a responder matches against the label on the item.
  const top = doc.y;
  doc.font('bold').fontSize(9).fillColor('#555555').text('CUSTODY ID (unique item number)', pdf.left, top);
  doc.font('bold').fontSize(24).fillColor('black').text(item.custodyId, pdf.left, top + 12);
  const barcode = await code128(item.custodyId);
  if (barcode) doc.image(barcode, pdf.left + pdf.width - 230, top, { fit: [230, 48], align: 'right' });
  doc.x = pdf.left;
  doc.y = top + 58;

  const quarantine = detail.custody.find((t) => t.kind === 'quarantine') ?? null;
  const seals = [...new Set(detail.custody.flatMap((t) => t.sealNumbers))];
  const description = [
    item.itemType ? `Item type: ${ITEM_TYPE_NAMES[item.itemType]}` : null,
    item.carrier || item.trackingNumber ? `Carrier: ${carrierName(item.carrier)}, tracking ${item.trackingNumber ?? '—'}` : `Label code: ${item.scannedCode}`,
    detail.recipient ? `Addressee: ${detail.recipient}` : null,
    detail.sender ? `Sender as shown: ${detail.sender}` : null,
    detail.weights.length ? `Weight: ${detail.weights.at(-1)!.grams} g` : null,
    detail.dimensions ? `Size: ${detail.dimensions.lengthMm} × ${detail.dimensions.widthMm} × ${detail.dimensions.thicknessMm} mm` : null,
    incident?.details.mailPieceDescription ? `Mail piece: ${incident.details.mailPieceDescription}` : null,
  ].filter((x): x is string => x !== null);

  pdf.fields([
    ['Incident / case number', incident ? incident.number : 'No incident'],
    ['Hazard', incident ? INCIDENT_TYPE_NAMES[incident.type] : '—'],
    ['Description', description.join('\n')],
    ['Date / time found', formatInstant(incident?.openedAt ?? item.receivedAt)],
    ['Place found', incident?.details.location ?? quarantine?.location ?? 'The screening station'],
    ['Collector', quarantine ? partyText(quarantine.receivedBy) : incident ? name(incident.openedBy) : name(item.receivedBy)],
    ['Seal number(s)', seals.length ? seals.join(', ') : 'None recorded'],
    ['Current state', ITEM_STATE_NAMES[item.state]],
  ]);

  pdf.heading('Recorded transfers (from the station’s audit log)');
  pdf.table(
    [
      { header: '#', weight: 0.35 },
      { header: 'Date / time', weight: 1.6 },
      { header: 'Action', weight: 1.3 },
      { header: 'Released by', weight: 2 },
      { header: 'Received by', weight: 2 },
      { header: 'Purpose / reason', weight: 2 },
      { header: 'Seals', weight: 1.25 },
      { header: 'Seal intact', weight: 0.8 },
    ],
    detail.custody.map((t, i) => [
      String(i + 1),
      formatInstant(t.at),
      CUSTODY_KIND_NAMES[t.kind],
      partyText(t.releasedBy),
      `${partyText(t.receivedBy)}${t.secondBy ? ` (confirmed by ${name(t.secondBy)})` : ''}`,
      [t.reason, t.location].filter(Boolean).join(' — '),
      t.sealNumbers.join('\n') || 'none',
      yesNo(t.sealIntact),
    ]),
    { emptyText: 'No transfer recorded yet: the item has not been isolated.' },
  );

  if (input.handOver) {
    pdf.heading('Handed over at the collection counter');
    pdf.fields(input.handOver.words);
    if (input.handOver.signature) drawSignature(pdf, input.handOver.signature);
  }

  // The signature rows fill the rest of the page, or a fresh one when too few would fit here.
  if (pdf.rowsLeftOnPage(BLANK_ROW_HEIGHT, 100) < MIN_BLANK_ROWS) doc.addPage();
  pdf.heading('Further transfers — sign on each hand-over');
  pdf.note('Releasing and receiving persons print their name, sign, and note the date, time and purpose. Check the seal before signing: Y if intact, N if not (then describe under purpose).');
  pdf.table(
    [
      { header: 'Released by (print)', weight: 1.5 },
      { header: 'Signature', weight: 1.3 },
      { header: 'Date / time', weight: 1.2 },
      { header: 'Received by (print)', weight: 1.5 },
      { header: 'Signature', weight: 1.3 },
      { header: 'Purpose', weight: 1.3 },
      { header: 'Seal intact Y / N', weight: 1 },
    ],
    Array.from({ length: Math.max(MIN_BLANK_ROWS, pdf.rowsLeftOnPage(BLANK_ROW_HEIGHT)) }, () => ['', '', '', '', '', '', '']),
    { minRowHeight: BLANK_ROW_HEIGHT },
  );
  return pdf.finish();
}
