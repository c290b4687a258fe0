import type { RecordMode } from '../../../shared/contract/index.ts';
import type { NoticeReadModel } from '../../store/index.ts';
import type { NoticeKind } from './noticeMessage.ts';
import type { NoticeSettings } from './noticeSettings.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const MODES: readonly RecordMode[] = ['live', 'demo', 'drill'];

/**
 * The notices nobody asks for: a reminder when a cleared item has waited `reminderAfterDays` since
 * its recipient was told, and an escalation to the department after `escalateAfterDays`. Each is
 * queued once per item (the read model remembers), in its own transaction, by `queue`.
 */
export function dueNotices(
  notices: Pick<NoticeReadModel, 'due'>,
  settings: Pick<NoticeSettings, 'reminderAfterDays' | 'escalateAfterDays'>,
  now: Date,
): Array<{ custodyId: string; kind: Extract<NoticeKind, 'reminder' | 'escalation'>; mode: RecordMode; toldAt: string }> {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const due: Array<{ custodyId: string; kind: 'reminder' | 'escalation'; mode: RecordMode; toldAt: string }> = [];
  for (const mode of MODES) {
    for (const row of notices.due('ready', 'reminder', before(settings.reminderAfterDays), mode)) due.push({ ...row, kind: 'reminder', mode });
    for (const row of notices.due('ready', 'escalation', before(settings.escalateAfterDays), mode)) due.push({ ...row, kind: 'escalation', mode });
  }
  return due;
}

/** Whole days an item has waited since it was told, for the message ("waiting for 3 days"). */
export function waitingDays(since: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / DAY_MS));
}
