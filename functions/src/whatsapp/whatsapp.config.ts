import { defineSecret, defineString } from 'firebase-functions/params';
import { integrationsInUse } from '../config/integrations.js';
import { registerSecret } from '../shared/secrets.js';

/**
 * The WhatsApp Business (Cloud API) connection. Secrets are `defineSecret`, the rest
 * `defineString`; declared at load so `firebase deploy` asks for them, read only inside
 * handlers. In embedded mode the same names come from the environment.
 */
export interface WhatsAppConfig {
  /** The Meta app's secret: signs every webhook delivery (X-Hub-Signature-256). */
  appSecret: string;
  /** Chosen by us and typed into the app's webhook settings: answers Meta's verify handshake. */
  verifyToken: string;
  /** A system user's permanent token with whatsapp_business_messaging (and _management for templates). */
  accessToken: string;
  /** The business number's id: messages are sent from `/{phone-number-id}/messages`. */
  phoneNumberId: string;
  /** The WhatsApp Business Account: its approved templates are `/{waba-id}/message_templates`. */
  businessAccountId: string;
  /** Meta's Graph API base with a pinned version; a test points it at a local server. */
  graphUrl: string;
}

/** Pinned so a Graph API change reaches us when we choose, not when Meta's default moves. */
export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com/v23.0';

export const whatsappAppSecret = defineSecret('WHATSAPP_APP_SECRET');
export const whatsappVerifyToken = defineSecret('WHATSAPP_VERIFY_TOKEN');
export const whatsappAccessToken = defineSecret('WHATSAPP_ACCESS_TOKEN');
export const whatsappPhoneNumberId = defineString('WHATSAPP_PHONE_NUMBER_ID', {
  default: '',
  description: 'WhatsApp Business phone number id (Meta app → WhatsApp → API setup); empty leaves WhatsApp off',
});
export const whatsappBusinessAccountId = defineString('WHATSAPP_BUSINESS_ACCOUNT_ID', {
  default: '',
  description: 'WhatsApp Business Account id, for the message templates',
});
export const whatsappGraphUrl = defineString('WHATSAPP_GRAPH_URL', {
  default: DEFAULT_GRAPH_URL,
  description: "Meta's Graph API base URL with its version",
});

/** The names every mode reads: params in production, environment variables in embedded mode. */
export type WhatsAppEnv = Partial<
  Record<
    | 'WHATSAPP_APP_SECRET'
    | 'WHATSAPP_VERIFY_TOKEN'
    | 'WHATSAPP_ACCESS_TOKEN'
    | 'WHATSAPP_PHONE_NUMBER_ID'
    | 'WHATSAPP_BUSINESS_ACCOUNT_ID'
    | 'WHATSAPP_GRAPH_URL',
    string | undefined
  >
>;

/**
 * The config, or null when WhatsApp is not set up (no app secret or no verify token): the
 * webhook then answers 503 and the send routes 503, while the rest of the CRM works.
 */
export function whatsappConfigFrom(env: WhatsAppEnv): WhatsAppConfig | null {
  const appSecret = env.WHATSAPP_APP_SECRET?.trim() ?? '';
  const verifyToken = env.WHATSAPP_VERIFY_TOKEN?.trim() ?? '';
  if (appSecret === '' || verifyToken === '') return null;
  const accessToken = env.WHATSAPP_ACCESS_TOKEN?.trim() ?? '';
  for (const secret of [appSecret, verifyToken, accessToken]) registerSecret(secret);
  return {
    appSecret,
    verifyToken,
    accessToken,
    phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID?.trim() ?? '',
    businessAccountId: env.WHATSAPP_BUSINESS_ACCOUNT_ID?.trim() ?? '',
    graphUrl: (env.WHATSAPP_GRAPH_URL?.trim() || DEFAULT_GRAPH_URL).replace(/\/+$/, ''),
  };
}

/** The production config, null when WhatsApp is not in use; call inside a handler whose function lists the three secrets. */
export function whatsappConfigFromParams(): WhatsAppConfig | null {
  if (!integrationsInUse().has('whatsapp')) return null;
  return whatsappConfigFrom({
    WHATSAPP_APP_SECRET: whatsappAppSecret.value(),
    WHATSAPP_VERIFY_TOKEN: whatsappVerifyToken.value(),
    WHATSAPP_ACCESS_TOKEN: whatsappAccessToken.value(),
    WHATSAPP_PHONE_NUMBER_ID: whatsappPhoneNumberId.value(),
    WHATSAPP_BUSINESS_ACCOUNT_ID: whatsappBusinessAccountId.value(),
    WHATSAPP_GRAPH_URL: whatsappGraphUrl.value(),
  });
}

/**
 * Production dependencies with the WhatsApp config added (absent when unconfigured). For the
 * functions that list the WhatsApp secrets: `api` (sending), `whatsappWebhook`, `drainJournals`.
 */
export function withWhatsAppFromParams<T extends object>(deps: T): T & { whatsapp?: WhatsAppConfig } {
  const whatsapp = whatsappConfigFromParams();
  return whatsapp ? { ...deps, whatsapp } : deps;
}
