import type { AppDeps } from './deps.js';
import type { RouteDef } from '../http/route.js';
import { apiResponses, isRouteKey, routeKeyOf } from '../contract/api-responses.js';
import { customersRoutes } from '../customers/customers.routes.js';
import { productsRoutes } from '../products/products.routes.js';
import { ledgerRoutes } from '../ledger/ledger.routes.js';
import { ordersRoutes } from '../orders/orders.routes.js';
import { healthRoutes } from '../health/health.routes.js';
import { usersRoutes } from '../users/users.routes.js';
import { authRoutes } from '../auth/auth.routes.js';
import { CommsLog } from '../comms/comms.log.js';
import { buildRepositories } from './repositories.js';
import { commsRoutes } from '../comms/comms.routes.js';
import { timelineRoutes } from '../timeline/timeline.routes.js';
import { mediaRoutes } from '../media/media.routes.js';
import { mailRoutes } from '../mail/mail.routes.js';
import { callsRoutes } from '../calls/calls.routes.js';
import { whatsappRoutes } from '../whatsapp/whatsapp.routes.js';
import { quotesRoutes } from '../quotes/quotes.routes.js';
import { quotesPublicRoutes } from '../quotes/quotes.public.routes.js';
import { quotesTimelineSource } from '../quotes/quotes.timeline.js';
import { journalRoutes } from '../journal/journal.routes.js';
import { installationsRoutes } from '../installations/installations.routes.js';
import { installationsTimelineSource } from '../installations/installations.timeline.js';
import { historyRoutes } from '../history/history.routes.js';
import { exportRoutes } from '../export/export.routes.js';
import { importRoutes } from '../imports/import.routes.js';
import { fileAssignedMessages } from './files-follow.js';
import { sendPasswordLinkMail } from './password-link-mail.js';
import type { TimelineSource } from '../timeline/timeline-source.js';
import { tasksRoutes } from '../tasks/tasks.routes.js';
import { tasksTimelineSource } from '../tasks/tasks.timeline.js';
import { autoTaskSourcesFrom, taskSettingsDefaults, taskSettingsFrom } from './auto-tasks.js';
import { reportsRoutes } from '../reports/reports.routes.js';
import { quotesAwaiting } from '../quotes/quotes.today.js';
import { servicesDue } from '../installations/installations.today.js';
import type { TodaySectionReaders } from '../shared/today-sections.js';

/** Domains that put events of their own on a customer's timeline. */
const timelineSources: TimelineSource[] = [quotesTimelineSource, tasksTimelineSource, installationsTimelineSource];

/** Domains whose records the home page lists (shared/today-sections.ts). */
const todaySections: TodaySectionReaders = { quotesAwaiting, servicesDue };

/**
 * Every API route, each with its response schema. A new domain adds its route list here.
 * The comms log and the repositories are built once here and handed to every domain that uses them.
 */
export function buildRoutes(deps: AppDeps): RouteDef[] {
  const comms = new CommsLog(deps);
  const repos = buildRepositories(deps.sql);
  return withResponses([
    ...customersRoutes(deps, comms),
    ...productsRoutes(deps),
    ...ledgerRoutes(deps),
    ...ordersRoutes(deps),
    ...healthRoutes(deps, repos),
    ...usersRoutes(deps, { sendPasswordLink: (credential) => sendPasswordLinkMail(deps, repos.mailAccounts, credential) }),
    ...(deps.localAuth ? authRoutes(deps, deps.localAuth) : []),
    ...commsRoutes(deps, comms, { afterAssign: (customerId) => fileAssignedMessages(deps, comms, repos, customerId) }),
    ...timelineRoutes(deps, comms, timelineSources),
    ...mediaRoutes(deps, repos.media),
    ...mailRoutes(deps, comms, repos),
    ...callsRoutes(deps, comms, repos.calls),
    ...whatsappRoutes(deps, comms, repos),
    ...quotesRoutes(deps, repos),
    ...quotesPublicRoutes(deps),
    ...journalRoutes(deps, repos.journal),
    ...tasksRoutes(deps, autoTaskSourcesFrom(process.env), todaySections, taskSettingsDefaults(process.env)),
    ...reportsRoutes(deps, { paymentTermsDays: taskSettingsFrom(process.env).TASKS_PAYMENT_TERMS_DAYS }),
    ...installationsRoutes(deps),
    ...historyRoutes(deps, repos.history),
    ...exportRoutes(deps),
    ...importRoutes(deps),
  ]);
}

/** A route missing from the contract is refused at start, so the contract always names every route. */
export function withResponses(routes: RouteDef[]): RouteDef[] {
  return routes.map((route) => {
    const key = routeKeyOf(route.method, route.path);
    if (!isRouteKey(key)) throw new Error(`${key} is missing from functions/src/contract/api-responses.ts`);
    return { ...route, response: apiResponses[key] };
  });
}
