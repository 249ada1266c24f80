/**
 * The body of the `calls` function, apart from its trigger so tests call it directly. Light
 * at import: the dependencies load on the first request, once.
 */
import { lazyHandler } from '../http/lazy-handler.js';
import { callsSigningSecret } from './calls.params.js';
import { integrationsInUse } from '../config/integrations.js';

async function load() {
  const [{ callsWebhook }, { productionDepsFromParams }] = await Promise.all([
    import('./calls.webhook.js'),
    import('../config/production-deps.js'),
  ]);
  return callsWebhook({ ...(await productionDepsFromParams()), signingSecret: integrationsInUse().has('calls') ? callsSigningSecret.value() : '' });
}

// The bridge keeps a call the 503 refused in its outbox and retries.
export const handleCalls = lazyHandler('calls', load, (handle, req, res) => handle(req, res), { webhook: true });
