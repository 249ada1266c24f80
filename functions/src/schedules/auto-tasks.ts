import { onSchedule } from 'firebase-functions/v2/scheduler';
import { REGION } from '../config/params.js';
import { secretsFor } from '../app/function-secrets.js';

/**
 * Creates the automatic tasks (missed calls, unanswered messages, overdue payments, and what
 * other domains register in app/auto-tasks.ts) and completes those whose reason is gone. Each
 * task's id comes from its (source, key), so an overlapping or repeated run makes nothing twice.
 */
export const runAutomaticTasks = onSchedule(
  { schedule: 'every 15 minutes', timeZone: 'Europe/Athens', region: REGION, secrets: secretsFor(['nextcloud']) },
  async () => {
    const [{ productionDepsFromParams }, { runAutoTasks }, { autoTaskSourcesFrom }] = await Promise.all([
      import('../config/production-deps.js'),
      import('../tasks/tasks.auto.js'),
      import('../app/auto-tasks.js'),
    ]);
    const deps = await productionDepsFromParams();
    await runAutoTasks(deps, autoTaskSourcesFrom(process.env), deps.clock.now());
  },
);

/**
 * The daily task digests: every 5 minutes, each user whose chosen Athens time has passed today
 * and who has not had today's digest gets it (once: keyed by user and day).
 */
export const sendTaskDigests = onSchedule(
  { schedule: 'every 5 minutes', timeZone: 'Europe/Athens', region: REGION, secrets: secretsFor(['nextcloud'], { withMail: true }) },
  async () => {
    const [{ productionDepsFromParams }, { runTaskDigests }] = await Promise.all([import('../config/production-deps.js'), import('../app/auto-tasks.js')]);
    const project = process.env.GCLOUD_PROJECT ?? '';
    await runTaskDigests(await productionDepsFromParams(), process.env, `https://${project}.web.app`);
  },
);
