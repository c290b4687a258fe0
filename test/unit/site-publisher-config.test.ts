// station.json's "site": validated, owner-only when it holds a password, and its password never
// in a message or a log line.
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStationConfig, siteConnectionOf, StationConfigInvalid } from '../../src/main/core/stationConfig.ts';
import { connectionSecrets, redactConnectionString, redactSecrets } from '../../src/main/site/index.ts';
import { tempDir } from '../helpers/station.ts';

const PASSWORD = 'Tr0ub4dor&3-secret';
const WITH_PASSWORD = `postgresql://station_a:${encodeURIComponent(PASSWORD)}@db.site.example:5432/mailscreen?sslmode=verify-full`;

function dataFolderWith(config: unknown, mode = 0o600): { dir: string; file: string } {
  const dir = tempDir('mailscreen-site-config-');
  const file = path.join(dir, 'station.json');
  writeFileSync(file, JSON.stringify(config));
  chmodSync(file, mode);
  return { dir, file };
}

function refusalOf(work: () => unknown): Error {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
}

describe('station.json "site"', () => {
  it('is absent by default: a station alone', () => {
    const { dir, file } = dataFolderWith({});
    expect(loadStationConfig(file).site).toBeUndefined();
    expect(siteConnectionOf(dir)).toBeNull();
    expect(siteConnectionOf(tempDir('mailscreen-no-config-'))).toBeNull();
  });

  it('gives the site of a data folder', () => {
    const { dir } = dataFolderWith({ site: { postgres: WITH_PASSWORD } });
    expect(siteConnectionOf(dir)).toEqual({ postgres: WITH_PASSWORD });
  });

  it('refuses a station.json with the password that others may read, in one line saying to chmod 600', () => {
    const { dir, file } = dataFolderWith({ site: { postgres: WITH_PASSWORD } }, 0o644);
    const refusal = refusalOf(() => loadStationConfig(file));
    expect(refusal).toBeInstanceOf(StationConfigInvalid);
    expect(refusal.message).toContain(`chmod 600 ${file}`);
    expect(refusal.message).toContain('mode 0644');
    expect(refusal.message).not.toContain(PASSWORD);
    expect(refusal.message).not.toContain(encodeURIComponent(PASSWORD));
    expect(refusal.message).not.toContain('\n');
    expect(() => siteConnectionOf(dir)).toThrow(StationConfigInvalid);
    for (const mode of [0o640, 0o604, 0o660]) {
      chmodSync(file, mode);
      expect(() => loadStationConfig(file)).toThrow(/chmod 600/);
    }
    chmodSync(file, 0o600);
    expect(loadStationConfig(file).site?.postgres).toBe(WITH_PASSWORD);
  });

  it('takes a connection with no password (a client certificate, a password file) from a file others may read', () => {
    const { file } = dataFolderWith({ site: { postgres: 'postgresql://station_a@db.site.example/mailscreen?sslmode=verify-full&sslcert=/etc/ms/a.crt' } }, 0o644);
    expect(loadStationConfig(file).site?.postgres).toContain('station_a@');
  });

  it('counts a password given as a parameter as a password', () => {
    const { file } = dataFolderWith({ site: { postgres: `postgresql://station_a@db/mailscreen?password=${PASSWORD}` } }, 0o644);
    expect(() => loadStationConfig(file)).toThrow(/chmod 600/);
  });

  it.each([
    ['another database', { postgres: `mysql://station_a:${PASSWORD}@db/mailscreen` }],
    ['not a URL', { postgres: `host=db user=station_a password=${PASSWORD}` }],
    ['an unknown setting', { postgres: WITH_PASSWORD, pasword: PASSWORD }],
    ['no connection', {}],
    ['a number', { postgres: 5432 }],
    ['a huge string', { postgres: `postgresql://a:${PASSWORD}@db/${'x'.repeat(10_000)}` }],
  ])('refuses %s in one line that never quotes the password', (_what, site) => {
    const { file } = dataFolderWith({ site });
    const refusal = refusalOf(() => loadStationConfig(file));
    expect(refusal).toBeInstanceOf(StationConfigInvalid);
    expect(refusal.message).toMatch(/site/);
    expect(refusal.message).not.toContain(PASSWORD);
    expect(refusal.message).not.toContain('\n');
    expect(refusal.message.length).toBeLessThan(600);
  });
});

describe('the site password out of what is shown', () => {
  it('finds the password in the user part and in parameters', () => {
    expect(connectionSecrets(WITH_PASSWORD)).toContain(PASSWORD);
    expect(connectionSecrets('postgresql://a@db/x?password=p1&sslpassword=p2').sort()).toEqual(['p1', 'p2']);
    expect(connectionSecrets('postgresql://a@db/x')).toEqual([]);
    expect(connectionSecrets('not a url')).toEqual([]);
  });

  it('shows a connection with *** for its password', () => {
    const shown = redactConnectionString(WITH_PASSWORD);
    expect(shown).toBe('postgresql://station_a:***@db.site.example:5432/mailscreen?sslmode=verify-full');
    expect(redactConnectionString('postgresql://a@db/x?password=p1')).toBe('postgresql://a@db/x?password=***');
  });

  it('takes the password out of any text, encoded or not', () => {
    const said = `connect to ${WITH_PASSWORD} failed: password authentication failed (${PASSWORD})`;
    const redacted = redactSecrets(said, WITH_PASSWORD);
    expect(redacted).not.toContain(PASSWORD);
    expect(redacted).not.toContain(encodeURIComponent(PASSWORD));
    expect(redacted).toContain('password authentication failed (***)');
  });
});
