import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NextcloudConfig } from '../nextcloud.config.js';
import { freePort, readIfExists, stopChild, waitForPort } from '../../test-support/server-process.js';

export interface ApacheDav {
  config: NextcloudConfig;
  /** The folder Apache serves as the user's WebDAV root. */
  root: string;
  stop(): Promise<void>;
}

const APACHE = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';
const INSTALL_HINT = 'apt-get update && apt-get install -y apache2';

/**
 * A real Apache httpd with mod_dav/mod_dav_fs, laid out like Nextcloud: the user's files at
 * `/remote.php/dav/files/<user>/`, basic auth, loopback on a free port. It stands in for
 * Nextcloud, which cannot run here; mod_dav shares the WebDAV quirks the client handles.
 */
export async function startApacheDav(user = 'crm'): Promise<ApacheDav> {
  if (!existsSync(APACHE) || !existsSync(join(MODULES, 'mod_dav_fs.so'))) {
    throw new Error(`Apache with mod_dav is needed for this test and is not installed: ${INSTALL_HINT}`);
  }
  const base = mkdtempSync(join(tmpdir(), 'crm-apache-'));
  const root = join(base, 'files');
  const lockDir = join(base, 'lock');
  mkdirSync(root);
  mkdirSync(lockDir);
  chmodSync(base, 0o755);
  // As root, Apache drops to www-data, which must own what it writes.
  const runAs = process.getuid?.() === 0 ? { user: 'www-data', uid: 33, gid: 33 } : null;
  if (runAs) {
    chownSync(root, runAs.uid, runAs.gid);
    chownSync(lockDir, runAs.uid, runAs.gid);
  }
  const password = randomBytes(12).toString('hex');
  // htpasswd's {SHA} format, so apache2-utils is not needed.
  const sha = createHash('sha1').update(password).digest('base64');
  writeFileSync(join(base, 'htpasswd'), `${user}:{SHA}${sha}\n`);
  const port = await freePort();
  const modules = ['mpm_event', 'authn_core', 'authn_file', 'authz_core', 'authz_user', 'auth_basic', 'alias', 'mime', 'dav', 'dav_fs'];
  const conf = [
    `ServerRoot "${base}"`,
    `ServerName 127.0.0.1`,
    `Listen 127.0.0.1:${port}`,
    `PidFile "${join(base, 'httpd.pid')}"`,
    `ErrorLog "${join(base, 'error.log')}"`,
    'LogLevel warn',
    ...modules.map((m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`),
    ...(runAs ? [`User ${runAs.user}`, `Group ${runAs.user}`] : []),
    'TypesConfig /etc/mime.types',
    `DavLockDB "${join(lockDir, 'DavLock')}"`,
    `Alias /remote.php/dav/files/${user}/ "${root}/"`,
    `<Directory "${root}">`,
    '  Dav On',
    '  AuthType Basic',
    '  AuthName "crm"',
    `  AuthUserFile "${join(base, 'htpasswd')}"`,
    '  Require valid-user',
    '</Directory>',
  ].join('\n');
  const confFile = join(base, 'httpd.conf');
  writeFileSync(confFile, conf);

  const child = spawn(APACHE, ['-f', confFile, '-DFOREGROUND'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitForPort('Apache', port, child, () => `${stderr}${readIfExists(join(base, 'error.log'))}`);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(base, { recursive: true, force: true });
    throw err;
  }
  return {
    config: { url: `http://127.0.0.1:${port}`, username: user, password },
    root,
    stop: async () => {
      await stopChild(child);
      rmSync(base, { recursive: true, force: true });
    },
  };
}
