/**
 * The secrets each deployed function declares: Turso's, the mail key where it reads mail, and
 * those of the optional integrations in use (config/integrations.ts) among the ones it reads,
 * so `firebase deploy` asks for nothing an office does not use.
 */
import type { SecretParam } from 'firebase-functions/params';
import { integrationsInUse, type OptionalIntegration } from '../config/integrations.js';
import { tursoAuthToken } from '../config/params.js';
import { mailCredentialsKey } from '../mail/mail.params.js';
import { nextcloudAppPassword } from '../nextcloud/nextcloud.config.js';
import { whatsappAccessToken, whatsappAppSecret, whatsappVerifyToken } from '../whatsapp/whatsapp.config.js';
import { callsSigningSecret } from '../calls/calls.params.js';

const secretsOf: Record<OptionalIntegration, SecretParam[]> = {
  nextcloud: [nextcloudAppPassword],
  whatsapp: [whatsappAppSecret, whatsappVerifyToken, whatsappAccessToken],
  calls: [callsSigningSecret],
};

export function secretsFor(
  reads: OptionalIntegration[],
  options: { withMail?: boolean; env?: Record<string, string | undefined> } = {},
): SecretParam[] {
  const inUse = integrationsInUse(options.env);
  return [
    tursoAuthToken,
    ...(options.withMail ? [mailCredentialsKey] : []),
    ...reads.filter((name) => inUse.has(name)).flatMap((name) => secretsOf[name]),
  ];
}
