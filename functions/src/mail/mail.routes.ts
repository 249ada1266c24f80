import type { AppDeps } from '../app/deps.js';
import type { CommsLog } from '../comms/comms.log.js';
import { notFound } from '../http/errors.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { customerParamsSchema } from '../shared/ids.js';
import { mailAccountsRoutes } from './mail.accounts.routes.js';
import { MailAccountsService } from './mail.accounts.service.js';
import type { MailRepositories } from './mail.ingest.js';
import { failuresQuerySchema, sendEmailSchema, threadParamsSchema } from './mail.schema.js';
import { sendEmail } from './mail.send.js';

/** A thread longer than this is shown from its start; nobody reads a thousand replies. */
const MAX_THREAD = 500;

/** Email: accounts, parse failures, threads, sending; `comms` and `repos`: what the wiring built. */
export function mailRoutes(deps: AppDeps, comms: CommsLog, repos: MailRepositories): RouteDef[] {
  const accounts = new MailAccountsService(deps, repos.mailAccounts);
  return [
    ...mailAccountsRoutes(deps, comms, accounts, repos),
    // The accounts an editor may send from (the full list with servers is for admins).
    defineRoute({
      method: 'get',
      path: '/crm/mail/senders',
      role: 'editor',
      handler: async () => ({
        senders: (await accounts.list()).map(({ id, label, address }) => ({ id, label, address })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/mail/failures',
      role: 'admin',
      query: failuresQuerySchema,
      handler: async ({ query }) => {
        const failures = await repos.journal.failures('email', query.limit);
        return {
          failures: failures.map((f) => ({
            id: f.id,
            external_id: f.external_id,
            received_at: f.received_at,
            attempts: f.attempts,
            last_error: f.last_error,
            next_attempt_at: f.next_attempt_at,
            account_id: f.meta.account_id ?? null,
            folder: f.meta.folder ?? null,
            uid: f.meta.uid ?? null,
            message_id: f.meta.message_id ?? null,
          })),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/crm/mail/thread/:id',
      role: 'viewer',
      params: threadParamsSchema,
      handler: async ({ params }) => {
        const entry = await comms.get(params.id);
        if (!entry || entry.type !== 'email') throw notFound(`Email ${params.id}`);
        const entries = entry.thread_id ? await comms.threadEntries(entry.thread_id, MAX_THREAD) : [entry];
        return { thread_id: entry.thread_id, entries };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/crm/customers/:id/emails',
      role: 'editor',
      params: customerParamsSchema,
      body: sendEmailSchema,
      status: 201,
      handler: ({ params, body, user }) => sendEmail(deps, repos, params.id, body, user, comms),
    }),
  ];
}
