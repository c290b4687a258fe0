// What a console reader asks of PostgreSQL and what that reads, for the console's scale tests:
// counted in blocks by EXPLAIN (ANALYZE, BUFFERS), never in time (the machine is shared).
import type pg from 'pg';

export interface Statement {
  text: string;
  values: unknown[];
}

/** The statements a console reader runs for these arguments, run as the administrator (the same SQL). */
export async function statementsOf(admin: pg.ClientBase, reader: (client: pg.ClientBase, args: never) => Promise<unknown>, args: unknown): Promise<Statement[]> {
  const statements: Statement[] = [];
  const client = {
    query: async (text: string, values?: unknown[]) => {
      statements.push({ text, values: values ?? [] });
      return await admin.query(text, values);
    },
  } as unknown as pg.ClientBase;
  await reader(client, args as never);
  return statements;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PlanNode[];
}

/**
 * The blocks (shared buffers hit or read) the statement's scans of `table` touched, as EXPLAIN
 * ANALYZE counts them (the list's own reading, apart from the per-row lookups of the page it
 * shows), and whether any scan in the plan read a table whole.
 */
export async function tableReading(admin: pg.ClientBase, statement: Statement, table: string): Promise<{ blocks: number; seqScan: boolean }> {
  const { rows } = await admin.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.text}`, statement.values);
  let seqScan = false;
  const scans = (node: PlanNode): number => {
    if (node['Node Type'] === 'Seq Scan') seqScan = true;
    return (node['Relation Name'] === table ? node['Shared Hit Blocks'] + node['Shared Read Blocks'] : 0) + (node.Plans ?? []).reduce((sum, child) => sum + scans(child), 0);
  };
  const blocks = scans(rows[0]!['QUERY PLAN'][0]!.Plan);
  return { blocks, seqScan };
}
