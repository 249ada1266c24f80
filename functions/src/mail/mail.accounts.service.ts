import { randomUUID } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import type { Transporter } from 'nodemailer';
import type { AppDeps } from '../app/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import type { MailAccountsRepository, StoredAccount } from './mail.accounts.repository.js';
import { credentialsKeyFromEnv, CredentialsKeyError, decryptSecret, encryptSecret } from './mail.crypto.js';
import { classifyMailError, imapClientFor, smtpTransportFor, withinBudget } from './mail.connect.js';
import { HostNotAllowedError, resolveMailHost } from './mail.hosts.js';
import type { AccountTest, ConnectionCheck, MailAccount, MailAccountCreate, MailAccountPatch, MailAccountView, Security, SmtpSettings } from './mail.schema.js';
import { registerSecret } from '../shared/secrets.js';

export type AccountsDeps = Pick<AppDeps, 'sql' | 'clock' | 'logger'>;

/** The account test's budget per server; both run at once, well inside the API function's 60 s. */
const TEST_BUDGET_MS = 25_000;

/**
 * Mail accounts: kept with their passwords encrypted; the API sees them without. Saving does
 * not contact the servers; `test` does.
 */
export class MailAccountsService {
  constructor(
    private readonly deps: AccountsDeps,
    private readonly repo: MailAccountsRepository,
    private readonly key: () => Buffer = credentialsKeyFromEnv,
  ) {}

  async list(): Promise<MailAccountView[]> {
    return (await this.repo.list()).map(viewOf);
  }

  async view(id: string): Promise<MailAccountView> {
    return viewOf(await this.stored(id));
  }

  async create(body: MailAccountCreate): Promise<MailAccountView> {
    registerSecret(body.imap.password, body.imap.user);
    registerSecret(body.smtp.password, body.smtp.user);
    await checkHosts(body);
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
    for (const password of [patch.imap?.password, patch.smtp?.password]) if (password !== undefined) registerSecret(password);
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
    if (patch.imap || patch.smtp) await checkHosts(updated);
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
      const account: MailAccount = {
        ...stored,
        imap: { ...imap, password: decryptSecret(imapEnc, key) },
        smtp: { ...smtp, password: decryptSecret(smtpEnc, key) },
      };
      // Servers echo AUTH lines and passwords back in errors; no answer or log line may carry them.
      registerSecret(account.imap.password, account.imap.user);
      registerSecret(account.smtp.password, account.smtp.user);
      return account;
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

async function checkImap(account: MailAccount): Promise<AccountTest['imap']> {
  let client: ImapFlow | undefined;
  try {
    client = await imapClientFor(account.imap);
    const connected = client;
    connected.on('error', () => undefined);
    const work = (async () => {
      await connected.connect();
      return new Set((await connected.list()).map((box) => box.path));
    })();
    const listed = await withinBudget(TEST_BUDGET_MS, work, () => connected.close());
    const wanted = [...account.imap.folders, account.sent_folder];
    const missing = [...new Set(wanted.filter((folder) => !listed.has(folder)))];
    return {
      ok: missing.length === 0,
      reason: missing.length === 0 ? null : 'folders_missing',
      error: missing.length === 0 ? null : `IMAP: logged in, but these folders do not exist: ${missing.join(', ')}`,
      folders_missing: missing,
    };
  } catch (err) {
    const failure = classifyMailError(err);
    return { ok: false, reason: failure.reason, error: `IMAP ${account.imap.host}:${account.imap.port}: ${failure.message}`, folders_missing: [] };
  } finally {
    if (client) await client.logout().catch(() => client?.close());
  }
}

async function checkSmtp(settings: SmtpSettings): Promise<ConnectionCheck> {
  let transport: Transporter | undefined;
  try {
    transport = await smtpTransportFor(settings);
    const open = transport;
    await withinBudget(TEST_BUDGET_MS, open.verify(), () => open.close());
    return { ok: true, reason: null, error: null };
  } catch (err) {
    const failure = classifyMailError(err);
    return { ok: false, reason: failure.reason, error: `SMTP ${settings.host}:${settings.port}: ${failure.message}` };
  } finally {
    transport?.close();
  }
}

/**
 * Refuses (400, naming the field) a host the CRM may not connect to, or `security: none` to a
 * host not listed in MAIL_ALLOWED_HOSTS. A name that does not resolve now is kept: the test and
 * every connection check it again.
 */
async function checkHosts(account: { imap: { host: string; security: Security }; smtp: { host: string; security: Security } }): Promise<void> {
  for (const side of ['imap', 'smtp'] as const) {
    const { host, security } = account[side];
    try {
      await resolveMailHost(host, security === 'none');
    } catch (err) {
      if (!(err instanceof HostNotAllowedError)) continue;
      throw new ApiError('validation_failed', `${side.toUpperCase()} server not allowed: ${err.message}`, [{ path: `${side}.${err.field}`, message: err.message }]);
    }
  }
}
