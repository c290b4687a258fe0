/**
 * How `verify` reads the rows a state table holds, in the replay's column names and value forms:
 * one query whose `key` column names each row as the replay keys it (and `row_id`, when there is
 * one, for the problem to name the row).
 */
export interface RowSource {
  sql: string;
  /** Columns holding JSON: compared in canonical form, whatever spacing or key order the row has. */
  json?: readonly string[];
  /** A JSON column put in the form its event recorded before comparing (the whole SOP → its fingerprint or summary). */
  summarise?: Readonly<Record<string, (value: unknown, expected: string | null) => string | null>>;
  /** A column the replay names that the row holds only as other columns (the PIN's fingerprint). */
  derive?: Readonly<Record<string, (row: Record<string, unknown>) => string | null>>;
  /**
   * For a table keyed `<custody ID>/<n>` (an item's n-th record by id): the query's `key` is then
   * the row's custody ID alone and its rows come in id order; verify numbers them as it reads them
   * (counting each row in SQL cost a seek per row: issue 15), and asks this query (one parameter,
   * the row id) for the row's whole key only when it cannot count it so.
   */
  numbered?: string;
}

