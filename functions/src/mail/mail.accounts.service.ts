import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppDeps } from '../app/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { MailAccountsRepository, type StoredAccount } from './mail.accounts.repository.js';
import { credentialsKeyFromEnv, CredentialsKeyError, decryptSecret, encryptSecret } from './mail.crypto.js';
import type { AccountTest, ConnectionCheck, ImapSettings, MailAccount, MailAccountCreate, MailAccountPatch, MailAccountView, SmtpSettings } from './mail.schema.js';

export type AccountsDeps = Pick<AppDeps, 'sql' | 'clock' | 'logger'>;

/** How long the test route and a poll wait for a server before giving up. */
const CONNECT_TIMEOUT_MS = 15_000;

/**
 * Mail accounts: kept with their passwords encrypted; the API sees them without. Saving does
 * not contact the servers; `test` does.
 */
export class MailAccountsService {
  private readonly repo: MailAccountsRepository;

  constructor(
    private readonly deps: AccountsDeps,
    private readonly key: () => Buffer = credentialsKeyFromEnv,
  ) {
    this.repo = new MailAccountsRepository(deps.sql);
  }

  async list(): Promise<MailAccountView[]> {
    return (await this.repo.list()).map(viewOf);
  }

  async view(id: string): Promise<MailAccountView> {
    return viewOf(await this.stored(id));
  }

  async create(body: MailAccountCreate): Promise<MailAccountView> {
    const key = this.requireKey();
    const now = this.deps.clock.now();
    const { password: imapPassword, ...imap } = body.imap;
    const { password: smtpPassword, ...smtp } = body.smtp;
    const account: StoredAccount = {
      id: randomUUID(),
      label: body.label,
      address: body.address,
      imap: { ...imap, password_enc: encryptSecret(imapPassword, key) },
      smtp: { ...smtp, password_enc: encryptSecret(smtpPassword, key) },
      sent_folder: body.sent_folder,
      created_at: now,
      updated_at: now,
      last_poll_at: null,
      last_error: null,
      last_counts: null,
    };
    await this.repo.insert(account);
    return viewOf(account);
  }

  async update(id: string, patch: MailAccountPatch): Promise<MailAccountView> {
    const current = await this.stored(id);
    const needsKey = patch.imap?.password !== undefined || patch.smtp?.password !== undefined;
    const key = needsKey ? this.requireKey() : null;
    const { password: imapPassword, ...imap } = patch.imap ?? {};
    const { password: smtpPassword, ...smtp } = patch.smtp ?? {};
    const updated: StoredAccount = {
      ...current,
      ...(patch.label !== undefined ? { label: patch.label } : {}),
      ...(patch.address !== undefined ? { address: patch.address } : {}),
      ...(patch.sent_folder !== undefined ? { sent_folder: patch.sent_folder } : {}),
      imap: {
        ...current.imap,
        ...defined(imap),
        ...(imapPassword !== undefined && key ? { password_enc: encryptSecret(imapPassword, key) } : {}),
      },
      smtp: {
        ...current.smtp,
        ...defined(smtp),
        ...(smtpPassword !== undefined && key ? { password_enc: encryptSecret(smtpPassword, key) } : {}),
      },
      updated_at: this.deps.clock.now(),
    };
    if (!(await this.repo.update(updated))) throw notFound(`Mail account ${id}`);
    return viewOf(updated);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.repo.delete(id))) throw notFound(`Mail account ${id}`);
  }

  /** The account with its passwords decrypted, for the poller and the sender only. */
  async account(id: string): Promise<MailAccount> {
    return this.decrypt(await this.stored(id));
  }

  /** Every account, decrypted; one whose password cannot be decrypted is left out and logged. */
  async accounts(): Promise<MailAccount[]> {
    const out: MailAccount[] = [];
    for (const stored of await this.repo.list()) {
      try {
        out.push(this.decrypt(stored));
      } catch (err) {
        this.deps.logger.error('mail account skipped', { account_id: stored.id, error: (err as Error).message });
        await this.repo.recordPoll(stored.id, this.deps.clock.now(), stored.last_counts ?? { fetched: 0, stored: 0, duplicates: 0, failed: 0 }, (err as Error).message);
      }
    }
    return out;
  }

  /** Logs in to IMAP (and looks for the folders to read) and to SMTP; says what failed. */
  async test(id: string): Promise<AccountTest> {
    const account = await this.account(id);
    const [imap, smtp] = await Promise.all([checkImap(account), checkSmtp(account.smtp)]);
    return { imap, smtp };
  }

  private async stored(id: string): Promise<StoredAccount> {
    const stored = await this.repo.get(id);
    if (!stored) throw notFound(`Mail account ${id}`);
    return stored;
  }

  private requireKey(): Buffer {
    try {
      return this.key();
    } catch (err) {
      if (err instanceof CredentialsKeyError) throw new ApiError('unavailable', err.message);
      throw err;
    }
  }

  private decrypt(stored: StoredAccount): MailAccount {
    const key = this.requireKey();
    const { password_enc: imapEnc, ...imap } = stored.imap;
    const { password_enc: smtpEnc, ...smtp } = stored.smtp;
    try {
      return {
        ...stored,
        imap: { ...imap, password: decryptSecret(imapEnc, key) },
        smtp: { ...smtp, password: decryptSecret(smtpEnc, key) },
      };
    } catch (err) {
      if (err instanceof CredentialsKeyError) throw new ApiError('unavailable', err.message);
      throw err;
    }
  }
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function viewOf(stored: StoredAccount): MailAccountView {
  const { password_enc: _imap, ...imap } = stored.imap;
  const { password_enc: _smtp, ...smtp } = stored.smtp;
  return {
    id: stored.id,
    label: stored.label,
    address: stored.address,
    imap,
    smtp,
    sent_folder: stored.sent_folder,
    created_at: stored.created_at,
    updated_at: stored.updated_at,
    last_poll_at: stored.last_poll_at,
    last_error: stored.last_error,
    last_counts: stored.last_counts,
  };
}

/** An IMAP client for the account; `none` is plain text (loopback test servers only). */
export function imapClient(settings: ImapSettings): ImapFlow {
  return new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    doSTARTTLS: settings.security === 'starttls' ? true : settings.security === 'none' ? false : undefined,
    auth: { user: settings.user, pass: settings.password },
    logger: false,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: 120_000,
    disableAutoIdle: true,
  });
}

export function smtpTransport(settings: SmtpSettings): Transporter {
  return nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    auth: { user: settings.user, pass: settings.password },
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: 60_000,
  });
}

/** An error's message in words, with any password it might echo blanked out. */
export function describeError(err: unknown, secrets: string[]): string {
  const e = err as { message?: string; responseText?: string; response?: string; code?: string; authenticationFailed?: boolean };
  let text = e.authenticationFailed ? 'the server refused the user name or password' : (e.responseText ?? e.response ?? e.message ?? String(err));
  if (e.code && !text.includes(e.code)) text = `${text} (${e.code})`;
  for (const secret of secrets) if (secret) text = text.split(secret).join('***');
  return text.slice(0, 500);
}

async function checkImap(account: MailAccount): Promise<AccountTest['imap']> {
  const client = imapClient(account.imap);
  client.on('error', () => undefined);
  try {
    await client.connect();
    const listed = new Set((await client.list()).map((box) => box.path));
    const wanted = [...account.imap.folders, account.sent_folder];
    const missing = [...new Set(wanted.filter((folder) => !listed.has(folder)))];
    return {
      ok: missing.length === 0,
      error: missing.length === 0 ? null : `IMAP: logged in, but these folders do not exist: ${missing.join(', ')}`,
      folders_missing: missing,
    };
  } catch (err) {
    return { ok: false, error: `IMAP ${account.imap.host}:${account.imap.port}: ${describeError(err, [account.imap.password])}`, folders_missing: [] };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

async function checkSmtp(settings: SmtpSettings): Promise<ConnectionCheck> {
  const transport = smtpTransport(settings);
  try {
    await transport.verify();
    return { ok: true, error: null };
  } catch (err) {
    return { ok: false, error: `SMTP ${settings.host}:${settings.port}: ${describeError(err, [settings.password])}` };
  } finally {
    transport.close();
  }
}
