import type Database from 'better-sqlite3';
import type { RecordMode } from '../../shared/contract/index.ts';

export interface OpenIncidentAlert {
  incidentId: number;
  incidentNumber: string;
  custodyId: string;
  incidentType: string;
  mode: RecordMode;
  openedAt: string;
}

type AlertRow = { id: number; number: string; custody_id: string; type: string; mode: RecordMode; opened_at: string };

const alert = (row: AlertRow): OpenIncidentAlert => ({
  incidentId: row.id,
  incidentNumber: row.number,
  custodyId: row.custody_id,
  incidentType: row.type,
  mode: row.mode,
  openedAt: row.opened_at,
});

/**
 * What the security coordinators' alerts ask: the open incidents an actor has not acknowledged
 * (no `incident.alertAcknowledged` of theirs on the incident; through the audit log's subject index).
 */
export class SecurityAlertReadModel {
  readonly #unseen: Database.Statement<{ actor: string; limit: number }, AlertRow>;
  readonly #open: Database.Statement<[number], AlertRow>;
  readonly #seen: Database.Statement<[string, string], { one: number }>;

  constructor(db: Database.Database) {
    this.#unseen = db.prepare(`SELECT id, number, custody_id, type, mode, opened_at FROM incidents
      WHERE closed_at IS NULL AND NOT EXISTS (
        SELECT 1 FROM audit_events AS a
        WHERE a.subject_type = 'incident' AND a.subject_id = incidents.number AND a.kind = 'incident.alertAcknowledged' AND a.actor = @actor)
      ORDER BY id DESC LIMIT @limit`);
    this.#open = db.prepare('SELECT id, number, custody_id, type, mode, opened_at FROM incidents WHERE id = ? AND closed_at IS NULL');
    this.#seen = db.prepare("SELECT 1 AS one FROM audit_events WHERE subject_type = 'incident' AND subject_id = ? AND kind = 'incident.alertAcknowledged' AND actor = ? LIMIT 1");
  }

  /** Open incidents `actor` has not acknowledged, newest first. */
  unseen(actor: string, limit: number): OpenIncidentAlert[] {
    return this.#unseen.all({ actor, limit }).map(alert);
  }

  /** The incident, while it is open. */
  open(incidentId: number): OpenIncidentAlert | null {
    const row = this.#open.get(incidentId);
    return row ? alert(row) : null;
  }

  acknowledged(incidentNumber: string, actor: string): boolean {
    return this.#seen.get(incidentNumber, actor) !== undefined;
  }
}
