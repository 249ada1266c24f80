/**
 * Which optional integrations a deployment uses, and so which secrets each function declares.
 * Named in `INTEGRATIONS` in `functions/.env.<project>` (e.g. `INTEGRATIONS=nextcloud,whatsapp`):
 * the Firebase CLI loads that file when it analyses the functions, so `firebase deploy` asks only
 * for the secrets of the integrations listed, and the deployed functions read the same variable.
 * One not listed is off (its routes answer 503 `not_configured`) even where a secret exists, never
 * half on. Unset (a deployment from before the variable existed) means all of them, so an upgrade
 * turns nothing off; empty means none. Mail is not optional: the CRM's core reads e-mail.
 */
export const optionalIntegrations = ['nextcloud', 'whatsapp', 'calls'] as const;
export type OptionalIntegration = (typeof optionalIntegrations)[number];

export const INTEGRATIONS_ENV = 'INTEGRATIONS';

/** The integrations `INTEGRATIONS` names; throws (failing the deploy's analysis) on a name it does not know. */
export function integrationsInUse(env: Record<string, string | undefined> = process.env): Set<OptionalIntegration> {
  const listed = env[INTEGRATIONS_ENV];
  if (listed === undefined) return new Set(optionalIntegrations);
  const names = listed
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !(optionalIntegrations as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(`${INTEGRATIONS_ENV} names ${unknown.join(', ')}; known integrations: ${optionalIntegrations.join(', ')}`);
  }
  return new Set(names as OptionalIntegration[]);
}
