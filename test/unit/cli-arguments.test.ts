import { describe, expect, it } from 'vitest';
import { calendarDay, dayPeriod, searchBound } from '../../src/main/cli/dates.ts';
import { itemsNamedBy, oneItemNamedBy, type ItemRecords } from '../../src/main/cli/itemArgument.ts';
import { UsageError } from '../../src/main/cli/output.ts';
import { newCustodyId } from '../../src/shared/domain/index.ts';
import { localDayRange } from '../../src/main/reports/index.ts';

describe('calendarDay: one reading of every CLI date', () => {
  it.each(['2026-03-14', '2024-02-29', '2026-12-31', '2026-01-01'])('takes %s', (day) => {
    expect(calendarDay('--date', day)).toBe(day);
  });

  it.each(['2026-02-30', '2026-02-29', '2026-13-45', '2026-00-10', '2026-04-31', '2026-01-00', '2026-3-14', '14.03.2026', '', '2026-03-14x', '１２３４-01-01'])(
    'refuses %j with a one-line UsageError that names the option',
    (text) => {
      let caught: unknown;
      try {
        calendarDay('report daily: --date', text);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UsageError);
      expect((caught as Error).message).toMatch(/^report daily: --date ".*" is not a date: give it as YYYY-MM-DD/);
      expect((caught as Error).message).not.toContain('\n');
    },
  );

  it('orders a period and refuses one that runs backwards', () => {
    expect(dayPeriod('export', '2026-03-01', '2026-03-14')).toEqual({ from: '2026-03-01', to: '2026-03-14' });
    expect(() => dayPeriod('export', '2026-03-15', '2026-03-14')).toThrow('export: --from 2026-03-15 is after --to 2026-03-14');
  });

  it('reads a search day as the local day the reports use, and an instant with its zone', () => {
    expect(searchBound('--from', '2026-03-14', false)).toBe(localDayRange('2026-03-14').startIso);
    expect(searchBound('--to', '2026-03-14', true)).toBe(localDayRange('2026-03-14').endIso);
    expect(searchBound('--from', '2026-03-14T09:30:00+01:00', false)).toBe('2026-03-14T08:30:00.000Z');
    for (const bad of ['2026-03-14T24:00Z', '2026-03-14T09:60Z', '2026-02-30T09:00Z', '2026-03-14T09:00', '2026-03-14T09:00+15:00']) {
      expect(() => searchBound('--from', bad, false), bad).toThrow(UsageError);
    }
  });
});

describe('itemsNamedBy: one resolver for every --item', () => {
  const KNOWN = newCustodyId(() => Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
  function records(byCode: Record<string, string[]>, withEvents: string[]): ItemRecords {
    return {
      audit: { eventsFor: (_type, id) => (withEvents.includes(id) ? [{} as never] : []) },
      lookups: { custodyIdsByCode: (code) => byCode[code] ?? [] },
    };
  }

  it('takes the custody ID typed loosely, only when the store knows the item', () => {
    expect(KNOWN).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
    expect(itemsNamedBy(records({}, [KNOWN]), KNOWN.replaceAll('-', ' ').toLowerCase())).toEqual([KNOWN]);
    expect(itemsNamedBy(records({}, []), KNOWN)).toEqual([]);
  });

  it('takes a tracking number as intake keys it (no spaces, upper case)', () => {
    expect(itemsNamedBy(records({ RB123456785GB: ['AAA-AAA-AAA'] }, []), ' rb 123456785 gb ')).toEqual(['AAA-AAA-AAA']);
  });

  it('refuses a number that names several items for a command that needs one, naming them', () => {
    const twice = records({ '1Z5R89390357567127': ['BBB-BBB-BBB', 'AAA-AAA-AAA'] }, []);
    expect(() => oneItemNamedBy(twice, '1Z5R89390357567127', 'report custody')).toThrow(
      'report custody: "1Z5R89390357567127" names 2 items (AAA-AAA-AAA, BBB-BBB-BBB): give one of their custody IDs',
    );
    expect(() => oneItemNamedBy(twice, '', 'report custody')).toThrow(/no item has custody ID or tracking number ""/);
  });

  it('quotes hostile input short and on one line', () => {
    const hostile = `\u001b[2J${'X'.repeat(100_000)}\n`;
    let message = '';
    try {
      oneItemNamedBy(records({}, []), hostile, 'history');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^history: no item has custody ID or tracking number "\\u001b\[2JX{76}…"; --item takes/);
    expect(message.length).toBeLessThan(300);
    const many = records({ SAME: Array.from({ length: 25 }, (_, i) => `AAA-AAA-${String(i).padStart(3, '0')}`) }, []);
    expect(() => oneItemNamedBy(many, 'same', 'report custody')).toThrow(/names 25 items \(AAA-AAA-000, .*AAA-AAA-009 and 15 more\)/);
  });
});
