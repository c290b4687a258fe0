// A newcomer opens the web station with a mistyped token (or none), then corrects the address in
// the same tab: the page logs in with the corrected token at once, without a reload.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, screenshot, useKiosk } from './harness.ts';
import { typeByHand } from './keyboard.ts';

const kiosk = useKiosk({ viewport: { width: 1366, height: 768 } });

/** Marks this very document: a reload would lose the mark. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { documentMark?: string }).documentMark = 'still the same page';
  });
}

async function documentMark(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (window as unknown as { documentMark?: string }).documentMark);
}

function withToken(url: string, token: string): string {
  const address = new URL(url);
  address.hash = `token=${token}`;
  return address.toString();
}

describe('the station link in the address', () => {
  it('a wrong token, then the right one put in location.hash: the station connects without a reload', async () => {
    const { page, station } = kiosk;
    const right = new URL(station.url).hash.slice('#token='.length);
    expect(right.length).toBeGreaterThan(10);
    await page.goto(withToken(station.url, `${right.slice(0, -3)}xyz`));
    // The station refuses the token: the page says so, and that the address is what to correct.
    await page.getByTestId('token-refused').waitFor();
    await expect.poll(() => page.getByTestId('connection-lost').textContent()).toMatch(/did not accept this page’s link.*address it showed at its last start/);
    await page.getByTestId('connecting-screen').waitFor();
    await expectAccessible(page, 'token refused');
    await screenshot(page, 'newcomer-link-wrong-token-1366');
    await markDocument(page);

    await page.evaluate((token) => {
      location.hash = `token=${token}`;
    }, right);
    await page.getByTestId('setup-screen').waitFor({ timeout: 20_000 });
    expect(await documentMark(page)).toBe('still the same page');
    await expect.poll(() => page.getByTestId('connection-lost').count()).toBe(0);
    await screenshot(page, 'newcomer-link-token-corrected-1366');
    expect(kiosk.problems).toEqual([]);
  });

  it('no token, then the full address typed in the same tab: connects without a reload', async () => {
    const { page, station } = kiosk;
    const bare = new URL(station.url);
    bare.hash = '';
    await page.goto(bare.toString());
    await page.getByTestId('no-token-screen').waitFor();
    await expectAccessible(page, 'no-token screen');
    await screenshot(page, 'newcomer-link-no-token-1366');
    await markDocument(page);

    // What the address bar does when only the fragment differs: a same-document navigation.
    await page.goto(station.url);
    await page.getByTestId('setup-screen').waitFor({ timeout: 20_000 });
    expect(await documentMark(page)).toBe('still the same page');
    // The keyboard reaches the first field: the screen is live, not a picture of one. Typed at a
    // person's pace: a burst at scanner speed with no terminator is a broken scan, and is dropped.
    await page.getByTestId('setup-badge').focus();
    await typeByHand(page, 'ADMIN-1');
    await expect.poll(() => page.getByTestId('setup-badge').inputValue()).toBe('ADMIN-1');
    expect(kiosk.problems).toEqual([]);
  });
});
