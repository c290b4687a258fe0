// A scan is one of our custody IDs only in the form our labels print (XXX-XXX-XXX) or when it names
// an item that exists; any other code is mail to take in. Loosely read, 1 in 32 of all 9-symbol
// codes (a ZIP+4 `10000-0499` among them) has a valid check symbol: none of those may be refused.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StationConnection } from '../../src/main/core/connection.ts';
import type { Station } from '../../src/main/core/station.ts';
import { newCustodyId, parseCustodyId, printedCustodyId } from '../../src/shared/domain/index.ts';
import { addOperator, makeStation } from '../helpers/station.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

async function loggedIn(): Promise<{ station: Station; screen: StationConnection }> {
  const station = makeStation();
  const screener = await addOperator(station, 'screener');
  const screen = station.connect();
  expect(await screen.call('session.login', { badge: screener.badge, pin: '2468' })).toMatchObject({ ok: true });
  return { station, screen };
}

describe('printedCustodyId', () => {
  it('is the hyphenated form the labels print, with a valid check symbol, in either case', () => {
    const id = newCustodyId(randomBytes);
    expect(printedCustodyId(id)).toBe(id);
    expect(printedCustodyId(id.toLowerCase())).toBe(id);
    expect(printedCustodyId('000-000-000')).toBe('000-000-000');
    // Read loosely these are IDs; printed, they are not.
    expect(parseCustodyId('10000-0499')).toBe('100-000-499');
    for (const text of ['10000-0499', '100000499', '100 000 499', '100-000499', 'I00-000-499', ` ${id}`, `${id}X`, id.replaceAll('-', ' ')]) {
      expect(printedCustodyId(text), text).toBeNull();
    }
  });
});

describe('intake routing of custody IDs', () => {
  let station: Station | undefined;
  afterEach(() => station?.close());

  it('takes in a ZIP+4 barcode 10000-0499 as a new item instead of refusing it as custody ID 100-000-499', async () => {
    const rig = await loggedIn();
    station = rig.station;
    const result = await rig.screen.call('intake.scan', { code: '10000-0499' });
    expect(result).toMatchObject({ ok: true, value: { created: true, item: { scannedCode: '10000-0499' } } });
    // And a second scan of the same barcode brings that item up, as for any code.
    expect(await rig.screen.call('intake.scan', { code: '10000-0499' })).toMatchObject({ ok: true, value: { created: false } });
  });

  it('brings up an existing item by its printed custody ID, and by the same ID typed loosely', async () => {
    const rig = await loggedIn();
    station = rig.station;
    const first = await rig.screen.call('intake.scan', { code: 'RB123456785GB' });
    if (!first.ok) throw new Error('scan refused');
    const custodyId = (first.value as { item: { custodyId: string } }).item.custodyId;
    expect(await rig.screen.call('intake.scan', { code: custodyId })).toMatchObject({ ok: true, value: { created: false, item: { custodyId } } });
    expect(await rig.screen.call('intake.scan', { code: custodyId.replaceAll('-', '').toLowerCase() })).toMatchObject({ ok: true, value: { created: false, item: { custodyId } } });
  });

  it('says so when a printed-form custody ID names no item, and takes in nothing', async () => {
    const rig = await loggedIn();
    station = rig.station;
    const unknown = newCustodyId(randomBytes);
    const result = await rig.screen.call('intake.scan', { code: unknown });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `No item has custody ID ${unknown} at this station. Check the label, or scan the carrier barcode.` } });
    expect(station.store.items.open(10)).toHaveLength(0);
  });
});

describe('intake routing of random codes (property)', () => {
  let station: Station;
  let screen: StationConnection;
  beforeAll(async () => {
    ({ station, screen } = await loggedIn());
  });
  afterAll(() => station.close());

  // Codes a loose reading would take as custody IDs: 9 symbols of the alphabet (plus the letters it
  // reads as digits), with hyphens and spaces anywhere, as ZIP+4 and other barcodes have them.
  const symbol = fc.constantFrom(...CROCKFORD, 'I', 'L', 'O', 'i', 'l', 'o', 'a', 'z');
  const nineSymbols = fc.array(symbol, { minLength: 9, maxLength: 9 });
  const separated = fc.tuple(nineSymbols, fc.array(fc.constantFrom('', '', '', '-', ' '), { minLength: 9, maxLength: 9 })).map(([symbols, seps]) =>
    symbols.map((s, i) => (i === 0 ? s : `${seps[i] ?? ''}${s}`)).join(''),
  );
  const anyNineChars = fc.string({ unit: fc.constantFrom(...CROCKFORD, '-', ' ', '#', '/'), minLength: 9, maxLength: 9 }).filter((s) => s.trim().length > 0);

  it('takes in every code not in printed form, loosely an ID or not (none is refused)', async () => {
    let looselyValid = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(separated, anyNineChars), async (code) => {
        fc.pre(printedCustodyId(code.trim()) === null);
        if (parseCustodyId(code) !== null) looselyValid += 1;
        const result = await screen.call('intake.scan', { code });
        expect(result.ok, `${JSON.stringify(code)}: ${JSON.stringify(result)}`).toBe(true);
      }),
      { numRuns: 600 },
    );
    // The run did try codes that read loosely as valid IDs (about 1 in 32 of them).
    expect(looselyValid).toBeGreaterThan(0);
  });

  it('refuses only printed-form IDs that name no item (property)', async () => {
    const printed = fc.array(fc.constantFrom(...CROCKFORD), { minLength: 8, maxLength: 8 }).map((data) => newCustodyId(() => Uint8Array.from(data, (c) => CROCKFORD.indexOf(c))));
    await fc.assert(
      fc.asyncProperty(printed, async (code) => {
        const result = await screen.call('intake.scan', { code });
        const exists = station.store.items.byCustodyId(code) !== null;
        if (!exists) expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
        else expect(result).toMatchObject({ ok: true, value: { created: false } });
      }),
      { numRuns: 100 },
    );
  });
});
