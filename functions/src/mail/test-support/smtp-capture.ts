import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface CapturedMail {
  /** The envelope's recipients. */
  to: string[];
  raw: Buffer;
}

export interface SmtpCapture {
  port: number;
  /** Every message the server accepted, in order. */
  delivered: CapturedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server from npm) on a free loopback port, without TLS, keeping every
 * message it accepts. With `password`, a login with another password is refused as a server would;
 * `onRcptTo` lets a test refuse recipients.
 */
export async function startSmtpCapture(options: { password?: string; onRcptTo?: SMTPServerOptions['onRcptTo'] } = {}): Promise<SmtpCapture> {
  const delivered: CapturedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.password !== undefined && auth.password !== options.password) return callback(new Error('Invalid username or password'));
      callback(null, { user: auth.username });
    },
    ...(options.onRcptTo ? { onRcptTo: options.onRcptTo } : {}),
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        delivered.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    delivered,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
