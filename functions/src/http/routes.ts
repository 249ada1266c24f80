import type { AppDeps } from './deps.js';
import type { RouteDef } from './route.js';
import { customersRoutes } from '../customers/customers.routes.js';
import { productsRoutes } from '../products/products.routes.js';
import { ledgerRoutes } from '../ledger/ledger.routes.js';
import { ordersRoutes } from '../orders/orders.routes.js';
import { healthRoutes } from '../health/health.routes.js';
import { usersRoutes } from '../users/users.routes.js';
import { commsRoutes } from '../comms/comms.routes.js';
import { timelineRoutes } from '../timeline/timeline.routes.js';
import { mediaRoutes } from '../media/media.routes.js';
import { mailRoutes } from '../mail/mail.routes.js';
import { callsRoutes } from '../calls/calls.routes.js';
import { whatsappRoutes } from '../whatsapp/whatsapp.routes.js';

/** Every API route. A new domain adds its route list here. */
export function buildRoutes(deps: AppDeps): RouteDef[] {
  return [
    ...customersRoutes(deps),
    ...productsRoutes(deps),
    ...ledgerRoutes(deps),
    ...ordersRoutes(deps),
    ...healthRoutes(deps),
    ...usersRoutes(deps),
    ...commsRoutes(deps),
    ...timelineRoutes(deps),
    ...mediaRoutes(deps),
    ...mailRoutes(deps),
    ...callsRoutes(deps),
    ...whatsappRoutes(deps),
  ];
}
