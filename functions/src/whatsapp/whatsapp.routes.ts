import type { AppDeps } from '../app/deps.js';
import type { CommsLog } from '../comms/comms.log.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { customerParamsSchema } from '../shared/ids.js';
import { templatesQuerySchema, whatsappSendSchema } from './whatsapp.schema.js';
import type { WhatsAppRepositories } from './whatsapp.media.js';
import { WhatsAppService } from './whatsapp.service.js';

export function whatsappRoutes(deps: AppDeps, comms: CommsLog, repos: WhatsAppRepositories): RouteDef[] {
  const whatsapp = new WhatsAppService(deps, comms, repos);
  return [
    defineRoute({
      method: 'get',
      path: '/crm/whatsapp/templates',
      role: 'viewer',
      query: templatesQuerySchema,
      handler: ({ query }) => whatsapp.templates(query.refresh),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/customers/:id/whatsapp',
      role: 'viewer',
      params: customerParamsSchema,
      handler: ({ params }) => whatsapp.window(params.id),
    }),
    // Idempotency-Key (automatic on POST routes) makes a double click send once.
    defineRoute({
      method: 'post',
      path: '/crm/customers/:id/whatsapp',
      role: 'editor',
      params: customerParamsSchema,
      body: whatsappSendSchema,
      status: 201,
      handler: ({ params, body, user }) => whatsapp.send(params.id, body, user),
    }),
  ];
}
