import { onSchedule } from 'firebase-functions/v2/scheduler';
import { REGION } from '../config/params.js';
import { secretsFor } from '../app/function-secrets.js';

/** How long one drain may run: inside the function's default 60 s timeout, with room to finish the record in hand. */
export const DRAIN_BUDGET_MS = 45_000;

/**
 * Retries every integration's journaled deliveries that failed (or that a crashed run left
 * pending), so a WhatsApp message whose processing failed or a call record that could not be
 * logged is finished later rather than lost. Heavy modules load on the first run.
 */
export const drainJournals = onSchedule(
  // Integrations add the secrets their processors read (app/journal-processors.ts).
  { schedule: 'every 5 minutes', region: REGION, secrets: secretsFor(['nextcloud', 'whatsapp']) },
  async () => {
    const [{ productionDepsFromParams }, { drainAllJournals }, { withWhatsAppFromParams }] = await Promise.all([
      import('../config/production-deps.js'),
      import('../app/journal-processors.js'),
      import('../whatsapp/whatsapp.config.js'),
    ]);
    await drainAllJournals(withWhatsAppFromParams(await productionDepsFromParams()), Date.now() + DRAIN_BUDGET_MS);
  },
);
