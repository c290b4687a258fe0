import type pg from 'pg';
import type { ReportContext } from '../../reports/index.ts';

// What every paper made at the console says of who made it and whose names it prints: the console
// and its role (it writes nothing, so no station's chain records the paper), and a station's
// operators by the names its roster events gave them (site_operators).

type Row = Record<string, unknown>;

export async function consolePaperMaker(client: pg.ClientBase): Promise<string> {
  const { rows } = await client.query<Row>('SELECT current_user AS role');
  return `the site console (${String(rows[0]?.role ?? 'unknown role')})`;
}

/** Operator id or audit actor (operator:<id>) to the name the station's events gave, as a station's papers do. */
export async function operatorNamesAt(client: pg.ClientBase, station: string): Promise<ReportContext['operatorName']> {
  const { rows } = await client.query<Row>('SELECT operator_id, name FROM site_operators WHERE station = $1', [station]);
  const names = new Map(rows.map((row) => [String(row.operator_id), String(row.name ?? row.operator_id)]));
  return (idOrActor) => {
    if (!idOrActor) return '—';
    const id = idOrActor.startsWith('operator:') ? idOrActor.slice('operator:'.length) : idOrActor;
    return names.get(id) ?? idOrActor;
  };
}
