import { ImapFlow } from 'imapflow';
import nodemailer, { type Transporter } from 'nodemailer';
import { HostNotAllowedError, HostUnresolvedError, resolveMailHost, type MailTarget } from './mail.hosts.js';
import type { ImapSettings, SmtpSettings } from './mail.schema.js';
import type { FailureReason } from './mail.enums.js';

/**
 * Connections to the mail servers of an account: to the checked address only (mail.hosts.ts),
 * each step under a timeout that fits inside the calling function's, and a failure told as a
 * reason of our own, never the remote server's words (which may be another service's banner or
 * echo our password).
 */

/** TCP connect, then the server's greeting. */
export const CONNECT_TIMEOUT_MS = 10_000;
export const GREETING_TIMEOUT_MS = 10_000;
/** A command the server does not answer for this long is a dead connection. */
const IMAP_SOCKET_TIMEOUT_MS = 15_000;
const SMTP_SOCKET_TIMEOUT_MS = 15_000;

export { failureReasons, type FailureReason } from './mail.enums.js';

const reasonWords: Record<FailureReason, string> = {
  not_allowed: 'the CRM may not connect to this host',
  unreachable: 'the host could not be reached',
  refused: 'the server refused the connection',
  timeout: 'the server did not answer in time',
  tls_failed: 'the secure connection (TLS) failed',
  auth_failed: 'the server refused the user name or password',
  protocol: 'the server did not answer as a mail server',
};

/** A connection failure in our words. */
export interface MailFailure {
  reason: FailureReason;
  message: string;
}

/** Our own failure: the operation's budget ran out. */
export class BudgetExceededError extends Error {
  constructor() {
    super('the time allowed ran out');
    this.name = 'BudgetExceededError';
  }
}

/** What went wrong, as a reason and our sentence; the host policy's own reason keeps its explanation. */
export function classifyMailError(err: unknown): MailFailure {
  if (err instanceof HostNotAllowedError) return { reason: 'not_allowed', message: `${reasonWords.not_allowed}: ${err.message}` };
  if (err instanceof HostUnresolvedError) return { reason: 'unreachable', message: `${reasonWords.unreachable}: ${err.message}` };
  const reason = reasonOf(err);
  return { reason, message: reasonWords[reason] };
}

function reasonOf(err: unknown): FailureReason {
  if (err instanceof BudgetExceededError) return 'timeout';
  const e = (err ?? {}) as { code?: unknown; authenticationFailed?: unknown; responseCode?: unknown; message?: unknown; command?: unknown };
  // nodemailer wraps socket errors as ESOCKET, the system's code only in its message.
  const wrapped = typeof e.message === 'string' ? /\b(E[A-Z_]{4,})\b/.exec(e.message)?.[1] : undefined;
  const code = typeof e.code === 'string' && e.code !== 'ESOCKET' && e.code !== 'ECONNECTION' ? e.code : (wrapped ?? '');
  const message = typeof e.message === 'string' ? e.message : '';
  if (e.authenticationFailed === true || code === 'EAUTH' || e.responseCode === 535 || e.responseCode === 534) return 'auth_failed';
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET') return 'refused';
  if (/TIMEOUT|ETIMEDOUT|ETIME$/i.test(code) || /timed? ?out|timeout|greeting never received/i.test(message)) return 'timeout';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') return 'unreachable';
  if (code === 'ETLS' || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code) || /\bTLS\b|\bSSL\b|certificate/i.test(message)) {
    return 'tls_failed';
  }
  return 'protocol';
}

/** The account's IMAP server, checked and pinned; the client is not connected yet. */
export async function imapClientFor(settings: ImapSettings): Promise<ImapFlow> {
  const target = await resolveMailHost(settings.host, settings.security === 'none');
  return new ImapFlow({
    host: target.address,
    port: settings.port,
    ...(target.servername ? { servername: target.servername } : {}),
    secure: settings.security === 'tls',
    doSTARTTLS: settings.security === 'starttls' ? true : settings.security === 'none' ? false : undefined,
    auth: { user: settings.user, pass: settings.password },
    logger: false,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: IMAP_SOCKET_TIMEOUT_MS,
    disableAutoIdle: true,
  });
}

/** The account's SMTP server, checked and pinned. */
export async function smtpTransportFor(settings: SmtpSettings): Promise<Transporter> {
  const target: MailTarget = await resolveMailHost(settings.host, settings.security === 'none');
  return nodemailer.createTransport({
    host: target.address,
    port: settings.port,
    ...(target.servername ? { servername: target.servername, tls: { servername: target.servername } } : {}),
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    auth: { user: settings.user, pass: settings.password },
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SMTP_SOCKET_TIMEOUT_MS,
  });
}

/** After the budget, how long the abandoned work may take to notice its closed connection. */
const SETTLE_MS = 2_000;

/**
 * `work` within `ms`: past it, `abandon` closes the connection and, once the work has noticed
 * (or SETTLE_MS passed), the promise rejects with BudgetExceededError, whatever the server is
 * (not) doing.
 */
export async function withinBudget<T>(ms: number, work: Promise<T>, abandon: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = Symbol('expired');
  const timeUp = new Promise<typeof expired>((resolve) => {
    timer = setTimeout(() => resolve(expired), Math.max(0, ms));
  });
  try {
    const first = await Promise.race([work, timeUp]);
    if (first !== expired) return first;
  } finally {
    clearTimeout(timer);
  }
  abandon();
  await Promise.race([work.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, SETTLE_MS).unref())]);
  throw new BudgetExceededError();
}

/**
 * A failure while reading a folder: the server's refusal to open it, a connection failure (in
 * our words), or our own error (its message: ours, so it quotes no server).
 */
export function folderFailure(err: unknown): string {
  const e = (err ?? {}) as { responseStatus?: unknown; code?: unknown };
  if (e.responseStatus === 'NO' || e.responseStatus === 'BAD') return 'the server refused to open this folder';
  if (err instanceof BudgetExceededError || typeof e.code === 'string' || e.responseStatus !== undefined) return classifyMailError(err).message;
  return err instanceof Error ? err.message : String(err);
}
