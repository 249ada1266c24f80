import { defineInt, defineSecret, defineString } from 'firebase-functions/params';

export interface NextcloudConfig {
  /**
   * The Nextcloud server (`https://cloud.bellsystems.gr`), or a WebDAV root that already
   * ends in `/remote.php/dav/files/<user>` (used as it is).
   */
  url: string;
  username: string;
  /** A Nextcloud app password (Settings → Security), never the account password. */
  password: string;
  /** Largest accepted upload; Cloud Functions cap a request at 32 MiB anyway. */
  maxUploadBytes?: number;
  /**
   * How long one WebDAV call may take in all (connect, answer): a server that accepts the
   * connection and then stalls must not hold a request past the function's 60 s. Transfers
   * (uploads, downloads) get `transferTimeoutMs`. Defaults: 15 s and 50 s.
   */
  callTimeoutMs?: number;
  transferTimeoutMs?: number;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 32 * 1024 * 1024;

// Declared at load so `firebase deploy` asks for them; read only inside handlers.
export const nextcloudUrl = defineString('NEXTCLOUD_URL', {
  default: '',
  description: 'Nextcloud server URL, e.g. https://cloud.bellsystems.gr; empty leaves the file routes off',
});
export const nextcloudUser = defineString('NEXTCLOUD_USER', { default: '', description: 'Nextcloud user the CRM files belong to' });
export const nextcloudAppPassword = defineSecret('NEXTCLOUD_APP_PASSWORD');
export const nextcloudMaxUploadMb = defineInt('NEXTCLOUD_MAX_UPLOAD_MB', {
  default: 32,
  description: 'Largest file upload in MiB',
});

/** The production config; call inside a handler whose function lists `nextcloudAppPassword` in `secrets`. */
export function nextcloudConfigFromParams(): NextcloudConfig {
  return {
    url: nextcloudUrl.value(),
    username: nextcloudUser.value(),
    password: nextcloudAppPassword.value(),
    maxUploadBytes: nextcloudMaxUploadMb.value() * 1024 * 1024,
  };
}

/** The WebDAV root of the user's files. */
export function davRootOf(config: NextcloudConfig): string {
  const base = config.url.replace(/\/+$/, '');
  if (/\/remote\.php\/(?:dav\/files\/[^/]+|webdav)$/.test(base)) return `${base}/`;
  return `${base}/remote.php/dav/files/${encodeURIComponent(config.username)}/`;
}
