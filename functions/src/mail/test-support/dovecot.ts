import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, readIfExists, stopChild, waitForPort } from '../../test-support/server-process.js';

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The configuration file, for doveadm. */
  configFile: string;
  stop(): Promise<void>;
}

const DOVECOT = '/usr/sbin/dovecot';
const INSTALL_HINT = 'apt-get install -y dovecot-imapd';
/** Debian's nobody/nogroup: Dovecot runs unprivileged and owns everything under its temp folder. */
const NOBODY = { uid: 65534, gid: 65534 };

/**
 * A real Dovecot IMAP server on a free loopback port, with one user whose Maildir lives in a
 * temp folder (INBOX and a Sent folder). Plain login without TLS: loopback only.
 */
export async function startDovecot(user = 'staff@bellsystems.gr'): Promise<Dovecot> {
  if (!existsSync(DOVECOT)) throw new Error(`Dovecot is needed for this test and is not installed: ${INSTALL_HINT}`);
  const asRoot = process.getuid?.() === 0;
  const base = mkdtempSync(join(tmpdir(), 'crm-dovecot-'));
  chmodSync(base, 0o755);
  for (const dir of ['run', 'state', 'home']) mkdirSync(join(base, dir));
  const password = randomBytes(12).toString('hex');
  const port = await freePort();
  const who = asRoot ? 'nobody' : (process.env.USER ?? 'nobody');
  const conf = `
protocols = imap
listen = 127.0.0.1
base_dir = ${base}/run
state_dir = ${base}/state
log_path = ${base}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = ${who}
default_internal_user = ${who}
mail_location = maildir:${base}/home/%n/Maildir
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = create
  }
}
passdb {
  driver = static
  args = password=${password}
}
userdb {
  driver = static
  args = uid=${asRoot ? NOBODY.uid : process.getuid?.()} gid=${asRoot ? NOBODY.gid : process.getgid?.()} home=${base}/home/%n
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
# Debian gives these sockets a group an unprivileged master cannot chown to.
service stats {
  unix_listener stats-writer {
    group =
    mode = 0666
  }
}
service imap-hibernate {
  unix_listener imap-hibernate {
    group =
  }
}
service dict {
  unix_listener dict {
    group =
  }
}
service dict-async {
  unix_listener dict-async {
    group =
  }
}
`;
  const configFile = join(base, 'dovecot.conf');
  writeFileSync(configFile, conf);
  if (asRoot) {
    for (const path of [base, join(base, 'run'), join(base, 'state'), join(base, 'home'), configFile]) chownSync(path, NOBODY.uid, NOBODY.gid);
  }
  const command = asRoot ? 'runuser' : DOVECOT;
  const args = asRoot ? ['-u', 'nobody', '--', DOVECOT, '-F', '-c', configFile] : ['-F', '-c', configFile];
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitForPort('Dovecot', port, child, () => `${stderr}${readIfExists(join(base, 'dovecot.log'))}`);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(base, { recursive: true, force: true });
    throw err;
  }
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    configFile,
    stop: async () => {
      await stopChild(child);
      rmSync(base, { recursive: true, force: true });
    },
  };
}
