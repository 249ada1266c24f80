/**
 * What `/api/health` asks, one probe per dependency. A new integration adds one small probe
 * to `healthProbes`. A probe answers a state and, when not ok, a reason from a fixed list:
 * the route is public, so neither hosts, paths, counts nor error messages ever leave it.
 */
import type { CallsRepository } from '../calls/calls.repository.js';
import type { AppDeps } from '../app/deps.js';
import type { JournalRepository, JournalSource } from '../journal/journal.repository.js';
import type { MailAccountsRepository } from '../mail/mail.accounts.repository.js';
import type { ProbeResult } from './health.schema.js';

export type { ProbeReason, ProbeResult, ProbeState } from './health.schema.js';

export type HealthDeps = Pick<AppDeps, 'store' | 'sql' | 'files' | 'clock' | 'whatsapp'>;

/** The repositories the probes read, built once by the wiring. */
export interface HealthRepositories {
  journal: JournalRepository;
  mailAccounts: MailAccountsRepository;
  calls: CallsRepository;
}

export interface HealthProbe {
  name: string;
  /** Without a core dependency nothing works: the API answers 503. Others only degrade it. */
  core: boolean;
  check(deps: HealthDeps, now: Date): Promise<ProbeResult>;
}

const ok: ProbeResult = { state: 'ok' };
const notConfigured: ProbeResult = { state: 'degraded', reason: 'not_configured' };

/** A mail poll runs every MAIL_POLL_SECONDS (default 120): three missed rounds count as stale. */
export function mailStaleAfterMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.MAIL_POLL_SECONDS) > 0 ? Number(env.MAIL_POLL_SECONDS) : 120;
  return 3 * seconds * 1000;
}

/** The bridge checks in on every long poll (well under a minute); five minutes of silence is down. */
export const BRIDGE_STALE_MS = 5 * 60_000;
/** Calls the bridge may hold while the CRM is briefly unreachable. */
export const BRIDGE_BACKLOG = 50;

/** Every probe, reading through `repos`. */
export function healthProbes(repos: HealthRepositories): HealthProbe[] {
  const journalFailures = async (source: JournalSource): Promise<boolean> => (await repos.journal.counts(source)).failed > 0;
  return [
    {
      // Entries that failed for the same reason DEAD_AFTER times and wait for an admin (GET /admin/journal/dead).
      name: 'journal',
      core: false,
      check: async () => ((await repos.journal.deadCount()) > 0 ? { state: 'degraded', reason: 'journal_failures' } : ok),
    },
    {
      name: 'store',
      core: true,
      check: async (deps) => ((await deps.store.ping()) ? ok : { state: 'down', reason: 'unreachable' }),
    },
    {
      name: 'libsql',
      core: true,
      check: async (deps) => ((await deps.sql.execute('SELECT 1')).rows.length === 1 ? ok : { state: 'down', reason: 'unreachable' }),
    },
    {
      name: 'nextcloud',
      core: false,
      async check(deps) {
        if (!deps.files) return notConfigured;
        // A PROPFIND of a folder that need not exist: answers empty, or throws when the server
        // is unreachable or refuses our credentials.
        await deps.files.list('health-check');
        return ok;
      },
    },
    {
      name: 'mail',
      core: false,
      async check(deps, now) {
        const accounts = await repos.mailAccounts.list();
        if (accounts.length === 0) return notConfigured;
        const failing = accounts.filter((account) => account.last_error);
        if (failing.length === accounts.length) return { state: 'down', reason: 'poll_errors' };
        if (failing.length > 0) return { state: 'degraded', reason: 'poll_errors' };
        const staleBefore = now.getTime() - mailStaleAfterMs();
        if (accounts.some((account) => !account.last_poll_at || account.last_poll_at.getTime() < staleBefore)) {
          return { state: 'degraded', reason: 'stale' };
        }
        if (await journalFailures('email')) return { state: 'degraded', reason: 'journal_failures' };
        return ok;
      },
    },
    {
      name: 'whatsapp',
      core: false,
      async check(deps) {
        // Present only when WhatsApp is in use and its secrets and number are set (whatsapp.config.ts).
        if (!deps.whatsapp?.phoneNumberId) return notConfigured;
        if (await journalFailures('whatsapp')) return { state: 'degraded', reason: 'journal_failures' };
        return ok;
      },
    },
    {
      name: 'ami_bridge',
      core: false,
      async check(deps, now) {
        const checkins = await repos.calls.checkins();
        if (checkins.length === 0) return notConfigured;
        const staleBefore = now.getTime() - BRIDGE_STALE_MS;
        if (checkins.every((checkin) => new Date(checkin.seen_at).getTime() < staleBefore)) return { state: 'down', reason: 'stale' };
        if (checkins.some((checkin) => new Date(checkin.seen_at).getTime() < staleBefore)) return { state: 'degraded', reason: 'stale' };
        if (checkins.some((checkin) => !checkin.connected)) return { state: 'degraded', reason: 'pbx_disconnected' };
        if (checkins.some((checkin) => checkin.outbox_depth > BRIDGE_BACKLOG)) return { state: 'degraded', reason: 'backlog' };
        if (await journalFailures('call')) return { state: 'degraded', reason: 'journal_failures' };
        return ok;
      },
    },
  ];
}
