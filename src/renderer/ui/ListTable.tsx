import type { ReactNode } from 'react';

interface ListTableProps {
  /** The table's test id. */
  testId: string;
  columns: ReadonlyArray<string | false>;
  /** How many rows there are: with none, `empty` is shown instead of the table, if given. */
  count: number;
  empty?: ReactNode;
  /** The scrolling region's name; without it the table is not in a scrolling region. */
  regionLabel?: string;
  /** An extra class for the scrolling region (its height). */
  regionClassName?: string;
  children: ReactNode;
}

/**
 * A list as a table: its column heads, then the rows. In a region that takes the focus, so it
 * scrolls with the keyboard alone.
 */
export function ListTable({ testId, columns, count, empty, regionLabel, regionClassName, children }: ListTableProps) {
  if (count === 0 && empty !== undefined) return <p className="empty">{empty}</p>;
  const table = (
    <table className="items" data-testid={testId}>
      <thead>
        <tr>
          {columns.map(
            (column) =>
              column !== false && (
                <th key={column} scope="col">
                  {column}
                </th>
              ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  if (regionLabel === undefined) return table;
  return (
    <div className={regionClassName ? `items-scroll ${regionClassName}` : 'items-scroll'} role="region" aria-label={regionLabel} tabIndex={0}>
      {table}
    </div>
  );
}
