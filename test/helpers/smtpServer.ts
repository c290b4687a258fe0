import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string | null;
  to: string[];
  /** The message as it arrived: headers and body. */
  raw: string;
  /** Whether the session was encrypted when the message arrived. */
  secure: boolean;
}

export interface TestSmtpServer {
  port: number;
  /** The self-signed certificate the server presents: the station's CA for it. */
  ca: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 and localhost, made for this run (no key is kept in the repository). */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'smtp-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
    return { key: readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A real SMTP server on loopback, offering STARTTLS with a certificate made for the run:
 * `refuse` rejects recipients as a server does an unknown mailbox (550), `noTls` does not offer
 * STARTTLS at all, `silent` accepts connections and never greets (a server that hangs).
 */
export async function startTestSmtp(options: { refuse?: (address: string) => boolean; noTls?: boolean; silent?: boolean; certificate?: { key: string; cert: string } } = {}): Promise<TestSmtpServer> {
  const certificate = options.certificate ?? selfSignedCertificate();
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    key: certificate.key,
    cert: certificate.cert,
    authOptional: true,
    // Not merely unadvertised (a client that requires TLS tries STARTTLS anyway): refused.
    ...(options.noTls ? { hideSTARTTLS: true, disabledCommands: ['STARTTLS'] } : {}),
    logger: false,
    onConnect(_session, callback) {
      if (!options.silent) callback();
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address)) {
        const error = Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        received.push({ from: from ? from.address : null, to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString('utf8'), secure: session.secure });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, ca: certificate.cert, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
