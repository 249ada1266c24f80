import type { AppDeps } from '../app/deps.js';
import type { CommsLog } from '../comms/comms.log.js';
import { conflict } from '../http/errors.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import type { MailAccountsService } from './mail.accounts.service.js';
import type { MailRepositories } from './mail.ingest.js';
import { pollAccount } from './mail.poll.js';
import { mailAccountCreateSchema, mailAccountParamsSchema, mailAccountPatchSchema } from './mail.schema.js';

/** A poll run from Settings answers within an HTTP request's patience; the schedule continues the rest. */
const ROUTE_POLL_MS = 45_000;

/** Settings → Mail accounts (admin). No answer ever holds a password. */
export function mailAccountsRoutes(deps: AppDeps, comms: CommsLog, accounts: MailAccountsService, repos: MailRepositories): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/crm/mail/accounts',
      role: 'admin',
      handler: () => accounts.list(),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/mail/accounts',
      role: 'admin',
      body: mailAccountCreateSchema,
      status: 201,
      handler: ({ body }) => accounts.create(body),
    }),
    defineRoute({
      method: 'patch',
      path: '/crm/mail/accounts/:id',
      role: 'admin',
      params: mailAccountParamsSchema,
      body: mailAccountPatchSchema,
      handler: ({ params, body }) => accounts.update(params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/crm/mail/accounts/:id',
      role: 'admin',
      params: mailAccountParamsSchema,
      status: 204,
      handler: ({ params }) => accounts.remove(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/mail/accounts/:id/test',
      role: 'admin',
      params: mailAccountParamsSchema,
      handler: ({ params }) => accounts.test(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/mail/accounts/:id/poll',
      role: 'admin',
      params: mailAccountParamsSchema,
      handler: async ({ params }) => {
        const account = await accounts.account(params.id);
        const result = await pollAccount(deps, comms, repos, account, { deadline: Date.now() + ROUTE_POLL_MS });
        if (result.skipped) throw conflict('A poll of this account is running already; try again in a moment');
        const { fetched, stored, duplicates, failed, stopped_early, errors } = result;
        return { fetched, stored, duplicates, failed, stopped_early, errors };
      },
    }),
  ];
}
