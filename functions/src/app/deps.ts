import type { Client } from '@libsql/client';
import type { AuthVerifier, UserDirectory } from '../auth/auth.types.js';
import type { LocalAuth } from '../auth/local-auth.js';
import type { Clock, Logger } from '../http/deps.js';
import type { FileStorage } from '../nextcloud/file-storage.js';
import type { DocStore } from '../store/docstore.js';
import type { WhatsAppConfig } from '../whatsapp/whatsapp.config.js';

/** Everything the API needs from the outside world, put together by the wiring; tests build it in-process. */
export interface AppDeps {
  store: DocStore;
  /** libSQL/Turso: comms log, media index, journals. Its schema is migrated before the deps are handed out. */
  sql: Client;
  clock: Clock;
  auth: AuthVerifier;
  users: UserDirectory;
  /** Embedded mode's own sign-in (it is also `auth`); its routes exist only when it is set. */
  localAuth?: LocalAuth;
  logger: Logger;
  /** Nextcloud (or the embedded WebDAV server): customer and product files. Media routes answer 503 without it. */
  files?: FileStorage;
  /** The WhatsApp Business number (Cloud API). Unset, the webhook and the send routes answer 503. */
  whatsapp?: WhatsAppConfig;
}
