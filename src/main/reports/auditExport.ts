import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AuditEvent, GENESIS_HASH } from '../../shared/contract/index.ts';
import type { AuditExportReadModel } from '../store/index.ts';
import { verifyEvents, type ChainVerdict } from '../store/index.ts';

/**
 * The last line of an export. `anchor` is the hash the first exported event links to (the
 * event just before the period, or the genesis hash): with it a partial export is verified on
 * its own. `chainHead` is the last exported event, which the walk must arrive at.
 */
export interface ExportHead {
  chainHead: { seq: number; hash: string };
  anchor: { seq: number; hash: string };
  events: number;
  from: string;
  to: string;
  periodStart: string;
  periodEnd: string;
  station: string;
  exportedAt: string;
  exportedBy: string;
}

export interface AuditExport {
  content: string;
  head: ExportHead;
  sha256: string;
}

/**
 * The events of a period as JSON lines, then the head line. The period is one contiguous run of
 * sequence numbers — from the first event at or after its start to the last before its end — so
 * the export verifies as a chain even if the clock was ever set back inside it.
 */
export function buildAuditExport(
  read: AuditExportReadModel,
  period: { from: string; to: string; startIso: string; endIso: string },
  meta: { station: string; exportedAt: string; exportedBy: string },
): AuditExport {
  const bounds = read.periodBounds(period.startIso, period.endIso);
  const lines: string[] = [];
  let anchor = { seq: 0, hash: GENESIS_HASH };
  let last: { seq: number; hash: string } | null = null;
  if (bounds.first !== null && bounds.last !== null && bounds.first <= bounds.last) {
    for (const event of read.eventsBetween(bounds.first, bounds.last)) {
      if (!last) anchor = { seq: event.seq - 1, hash: event.prevHash };
      lines.push(JSON.stringify(event));
      last = { seq: event.seq, hash: event.hash };
    }
  } else {
    const before = read.lastBefore(period.startIso);
    if (before) anchor = before;
  }
  const head: ExportHead = {
    chainHead: last ?? anchor,
    anchor,
    events: lines.length,
    from: period.from,
    to: period.to,
    periodStart: period.startIso,
    periodEnd: period.endIso,
    station: meta.station,
    exportedAt: meta.exportedAt,
    exportedBy: meta.exportedBy,
  };
  lines.push(JSON.stringify(head));
  const content = `${lines.join('\n')}\n`;
  return { content, head, sha256: createHash('sha256').update(content).digest('hex') };
}

const ChainLink = z.object({ seq: z.number().int(), hash: z.string().regex(/^[0-9a-f]{64}$/) });
/** What the walk needs of a head line; the rest (period, station, who exported) is for people. */
const ReadableHead = z.looseObject({ chainHead: ChainLink, anchor: ChainLink, events: z.number().int() });
type ReadableHead = z.infer<typeof ReadableHead>;

function parseHead(line: string | undefined): ReadableHead | null {
  if (!line) return null;
  try {
    const head = ReadableHead.safeParse(JSON.parse(line));
    return head.success ? head.data : null;
  } catch {
    return null;
  }
}

/** Without a head line the walk still checks the links, from the first event's own link. */
function anchorOfFirst(line: string | undefined): { seq: number; hash: string } {
  try {
    const first = AuditEvent.parse(JSON.parse(line ?? ''));
    return { seq: first.seq - 1, hash: first.prevHash };
  } catch {
    return { seq: 0, hash: GENESIS_HASH };
  }
}

/**
 * Verifies an export with nothing but the file: every hash is recomputed from the anchor, and the
 * walk must end on the head line's seq and hash with its event count. A bad line, a missing or
 * reordered event, or a cut-off file gives the first sequence number that does not hold.
 */
export function verifyAuditExport(content: string): ChainVerdict {
  const lines = content.split(/\r?\n/).filter((l) => l.trim() !== '');
  const head = parseHead(lines.at(-1));
  const eventLines = head ? lines.slice(0, -1) : lines;
  const anchor = head?.anchor ?? anchorOfFirst(eventLines[0]);
  let unreadableSeq: number | null = null;
  let lastGood = { seq: anchor.seq, hash: anchor.hash };
  function* parsed(): Generator<AuditEvent> {
    for (const [index, line] of eventLines.entries()) {
      let candidate: unknown;
      try {
        candidate = JSON.parse(line);
      } catch {
        candidate = undefined;
      }
      const event = AuditEvent.safeParse(candidate);
      if (!event.success) {
        // Name the line by its own seq when it still has one, else by where it stands.
        const seq = (candidate as { seq?: unknown } | undefined)?.seq;
        unreadableSeq = Number.isInteger(seq) ? (seq as number) : anchor.seq + index + 1;
        return;
      }
      yield event.data;
      lastGood = { seq: event.data.seq, hash: event.data.hash };
    }
  }
  const walked = verifyEvents(parsed(), anchor);
  if (!walked.ok) return walked;
  if (unreadableSeq !== null) return { events: walked.events + 1, ok: false, firstBadSeq: unreadableSeq };
  if (!head) return { events: walked.events, ok: false, firstBadSeq: lastGood.seq + 1 };
  if (lastGood.seq < head.chainHead.seq || walked.events < head.events) {
    // Events are missing at the end: the first one the head promises and the file lacks.
    return { events: walked.events, ok: false, firstBadSeq: lastGood.seq + 1 };
  }
  if (lastGood.seq > head.chainHead.seq) return { events: walked.events, ok: false, firstBadSeq: head.chainHead.seq + 1 };
  if (lastGood.seq !== head.chainHead.seq || lastGood.hash !== head.chainHead.hash || walked.events !== head.events) {
    return { events: walked.events, ok: false, firstBadSeq: head.chainHead.seq };
  }
  return walked;
}
