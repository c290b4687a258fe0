import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Attribute, Change, Client } from 'ldapts';

// A throwaway OpenLDAP server (Debian's slapd) for the directory sync's tests: a config made in a
// temporary folder, the mdb backend, a loopback port of its own, a test directory loaded through
// the root DN, and a service account the station binds as (what a site gives it: read access, no
// more). It runs in the foreground (-d 0) as the test's child, so stopping it is killing it.
// As root it stays root: everything it opens is in a folder root made.

export const SLAPD = '/usr/sbin/slapd';
export const SUFFIX = 'dc=example,dc=org';
export const PEOPLE_DN = `ou=people,${SUFFIX}`;
export const SERVICE_DN = `cn=mailscreen-sync,ou=services,${SUFFIX}`;
const ROOT_DN = `cn=admin,${SUFFIX}`;

/** Active Directory's names for what inetOrgPerson lacks, with AD's own OIDs, so a test reads AD's attribute names. */
const AD_SCHEMA = `attributetype ( 1.2.840.113556.1.4.2 NAME 'objectGUID' SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.35 NAME 'employeeID' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.2.141 NAME 'department' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.4203.666.11.99.1 NAME 'mailscreenTestAdPerson' AUXILIARY MAY ( objectGUID $ employeeID $ department ) )
`;

/** One person of the test directory, in the attributes an AD export has. */
export interface TestPerson {
  /** The entry's cn (its RDN under ou=people). */
  cn: string;
  displayName?: string;
  mail?: string;
  department?: string;
  physicalDeliveryOfficeName?: string;
  employeeID?: string;
  employeeNumber?: string;
  /** 16 bytes, stored as AD stores it (binary). */
  objectGUID?: Buffer;
}

export interface SlapdOptions {
  people?: TestPerson[];
  /** Like AD's MaxPageSize: a search that is not paged gets at most this many entries. */
  maxPageSize?: number;
  /** Also listen on ldaps:// and offer StartTLS, with a certificate from a CA made here (caFile). */
  tls?: boolean;
}

export interface Slapd {
  url: string;
  /** ldaps:// URL when started with tls. */
  ldapsUrl: string | null;
  /** The CA that signed the server's certificate (PEM), when started with tls. */
  caFile: string | null;
  /** A CA that did not sign it: a site that trusts the wrong CA. */
  otherCaFile: string | null;
  folder: string;
  bindDN: string;
  password: string;
  baseDN: string;
  addPerson(person: TestPerson): Promise<void>;
  modifyPerson(cn: string, attribute: string, value: string): Promise<void>;
  deletePerson(cn: string): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function makeCertificates(folder: string): { caFile: string; otherCaFile: string; certFile: string; keyFile: string } {
  const file = (name: string): string => path.join(folder, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: folder, stdio: 'pipe' });
  };
  for (const ca of ['ca', 'other-ca']) {
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=Mailscreen test ${ca}`, '-keyout', file(`${ca}.key`), '-out', file(`${ca}.pem`));
  }
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', file('server.key'), '-out', file('server.csr'));
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', file('server.ext'), '-out', file('server.pem'));
  return { caFile: file('ca.pem'), otherCaFile: file('other-ca.pem'), certFile: file('server.pem'), keyFile: file('server.key') };
}

function personAttributes(person: TestPerson): Attribute[] {
  const attributes = [
    new Attribute({ type: 'objectClass', values: ['inetOrgPerson', 'mailscreenTestAdPerson'] }),
    new Attribute({ type: 'cn', values: [person.cn] }),
    new Attribute({ type: 'sn', values: [person.cn.split(' ').at(-1) ?? person.cn] }),
  ];
  for (const type of ['displayName', 'mail', 'department', 'physicalDeliveryOfficeName', 'employeeID', 'employeeNumber'] as const) {
    const value = person[type];
    if (value !== undefined) attributes.push(new Attribute({ type, values: [value] }));
  }
  if (person.objectGUID) attributes.push(new Attribute({ type: 'objectGUID', values: [person.objectGUID] }));
  return attributes;
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`slapd exited with ${child.exitCode}: ${output()}`);
    const client = new Client({ url, connectTimeout: 2_000, timeout: 5_000 });
    try {
      await client.bind(ROOT_DN, 'root-secret');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`slapd did not answer at ${url} within 30 s: ${(error as Error).message} ${output()}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }
}

/** Starts slapd with a test directory; call stop() (e.g. from a cleanup) to kill it and remove its folder. */
export async function startSlapd(options: SlapdOptions = {}): Promise<Slapd> {
  const folder = mkdtempSync(path.join(tmpdir(), 'mailscreen-slapd-'));
  mkdirSync(path.join(folder, 'db'));
  writeFileSync(path.join(folder, 'ad.schema'), AD_SCHEMA);
  const certificates = options.tls ? makeCertificates(folder) : null;
  const password = 'service-account-secret-7f3a';
  const pageLimit = options.maxPageSize ?? 1000;
  const config = [
    'include /etc/ldap/schema/core.schema',
    'include /etc/ldap/schema/cosine.schema',
    'include /etc/ldap/schema/inetorgperson.schema',
    `include ${path.join(folder, 'ad.schema')}`,
    `pidfile ${path.join(folder, 'slapd.pid')}`,
    `argsfile ${path.join(folder, 'slapd.args')}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    ...(certificates ? [`TLSCACertificateFile ${certificates.caFile}`, `TLSCertificateFile ${certificates.certFile}`, `TLSCertificateKeyFile ${certificates.keyFile}`] : []),
    'database mdb',
    'maxsize 67108864',
    `suffix "${SUFFIX}"`,
    `rootdn "${ROOT_DN}"`,
    'rootpw root-secret',
    `directory ${path.join(folder, 'db')}`,
    `sizelimit size.soft=${pageLimit} size.hard=unlimited size.pr=unlimited size.prtotal=unlimited`,
    'access to attrs=userPassword by self write by anonymous auth by * none',
    'access to * by users read by * none',
    '',
  ].join('\n');
  writeFileSync(path.join(folder, 'slapd.conf'), config);

  let server: ChildProcess | null = null;
  let url = '';
  let ldapsUrl: string | null = null;
  let output = '';
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    url = `ldap://127.0.0.1:${port}`;
    const urls = [`${url}/`];
    if (certificates) {
      const securePort = await freePort();
      ldapsUrl = `ldaps://127.0.0.1:${securePort}`;
      urls.push(`${ldapsUrl}/`);
    }
    output = '';
    const child = spawn(SLAPD, ['-f', path.join(folder, 'slapd.conf'), '-h', urls.join(' '), '-d', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitUntilServing(url, child, () => output.slice(-2000));
      server = child;
      break;
    } catch (error) {
      child.kill('SIGKILL');
      // Another process may have taken the free port between the check and slapd's bind: try another.
      if (attempt >= 2) {
        rmSync(folder, { recursive: true, force: true });
        throw error;
      }
    }
  }
  if (!server) throw new Error('slapd did not start');

  const asRoot = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ url, timeout: 10_000, connectTimeout: 5_000 });
    try {
      await client.bind(ROOT_DN, 'root-secret');
      return await work(client);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  };
  const personDN = (cn: string): string => `cn=${cn},${PEOPLE_DN}`;

  await asRoot(async (client) => {
    await client.add(SUFFIX, { objectClass: ['dcObject', 'organization'], dc: 'example', o: 'Example' });
    await client.add(PEOPLE_DN, { objectClass: 'organizationalUnit', ou: 'people' });
    await client.add(`ou=services,${SUFFIX}`, { objectClass: 'organizationalUnit', ou: 'services' });
    await client.add(SERVICE_DN, { objectClass: ['person', 'simpleSecurityObject'], cn: 'mailscreen-sync', sn: 'sync', userPassword: password });
    for (const person of options.people ?? []) await client.add(personDN(person.cn), personAttributes(person));
  });

  return {
    url,
    ldapsUrl,
    caFile: certificates?.caFile ?? null,
    otherCaFile: certificates?.otherCaFile ?? null,
    folder,
    bindDN: SERVICE_DN,
    password,
    baseDN: PEOPLE_DN,
    addPerson: (person) => asRoot((client) => client.add(personDN(person.cn), personAttributes(person))),
    modifyPerson: (cn, attribute, value) =>
      asRoot((client) => client.modify(personDN(cn), new Change({ operation: 'replace', modification: new Attribute({ type: attribute, values: [value] }) }))),
    deletePerson: (cn) => asRoot((client) => client.del(personDN(cn))),
    stop: async () => {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
