import { onSchedule } from 'firebase-functions/v2/scheduler';
import { REGION, tursoAuthToken } from '../config/params.js';
import { nextcloudAppPassword } from '../nextcloud/nextcloud.config.js';
import { integrationsInUse } from '../config/integrations.js';

/** Expires sent quotes past their validity, every hour (Athens days; the embedded server runs the same on a timer). */
export const expireQuotes = onSchedule(
  { schedule: 'every 60 minutes', region: REGION, timeZone: 'Europe/Athens', secrets: [tursoAuthToken, ...(integrationsInUse().has('nextcloud') ? [nextcloudAppPassword] : [])] },
  async () => {
    const [{ productionDepsFromParams }, { expireSentQuotes }] = await Promise.all([import('../config/production-deps.js'), import('./quote-expiry.js')]);
    const deps = await productionDepsFromParams();
    await expireSentQuotes(deps.store, deps.clock);
  },
);
