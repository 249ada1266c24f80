import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Which mail servers the CRM may connect to. A mail account's host is typed by an admin, and
 * the account test reports what happened: without this it would reach the cloud's metadata
 * service, the office LAN and the machine itself. Every host is resolved and each of its
 * addresses checked, when the account is saved and again right before each connection, which
 * then goes to the checked address (pinned), so a name that resolves differently later gains
 * nothing. `MAIL_ALLOWED_HOSTS` lists exceptions (an office mail server on the LAN, a test server).
 */

export const MAIL_ALLOWED_HOSTS_ENV = 'MAIL_ALLOWED_HOSTS';

/** The host is not one the CRM may connect to; the message says why, without contacting it. */
export class HostNotAllowedError extends Error {
  readonly reason = 'not_allowed';
  constructor(
    message: string,
    /** The account field at fault: the host itself, or plain text to a host not listed. */
    readonly field: 'host' | 'security' = 'host',
  ) {
    super(message);
    this.name = 'HostNotAllowedError';
  }
}

/** The host's name did not resolve. */
export class HostUnresolvedError extends Error {
  readonly reason = 'unreachable';
  constructor(host: string) {
    super(`${host} does not resolve to an address`);
    this.name = 'HostUnresolvedError';
  }
}

/** Where to connect: the checked address, and the name to present and verify for TLS. */
export interface MailTarget {
  address: string;
  /** The host name as typed (SNI and certificate check); undefined for an address. */
  servername: string | undefined;
  /** Listed in MAIL_ALLOWED_HOSTS (so plain-text `security: none` is allowed). */
  listed: boolean;
}

const deniedNames = [/^localhost$/, /\.localhost$/, /^metadata$/, /^metadata\.google\.internal$/, /^metadata\.goog$/, /\.internal$/, /^instance-data$/];

/** Not the public internet: loopback, private, link-local (and so cloud metadata), shared, reserved, multicast, documentation. */
const denied = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  denied.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  denied.addSubnet(network, prefix, 'ipv6');
}

export interface AllowList {
  names: Set<string>;
  networks: BlockList;
}

/** MAIL_ALLOWED_HOSTS: comma-separated names, addresses and CIDR networks. An entry that is none of these is ignored. */
export function allowListFrom(text: string | undefined = process.env[MAIL_ALLOWED_HOSTS_ENV]): AllowList {
  const names = new Set<string>();
  const networks = new BlockList();
  for (const raw of (text ?? '').split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [base, prefixText] = entry.split('/');
    const address = literalAddress(base ?? '');
    if (address && prefixText !== undefined && /^\d{1,3}$/.test(prefixText)) {
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      const prefix = Number(prefixText);
      if (prefix <= (family === 'ipv6' ? 128 : 32)) networks.addSubnet(address, prefix, family);
    } else if (address) {
      networks.addAddress(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
    } else {
      const name = canonicalName(entry);
      if (name) names.add(name);
    }
  }
  return { names, networks };
}

/**
 * The host in one spelling: lower case, no brackets or trailing dots, and an address in its
 * usual form whatever way it was written (`0x7f.1`, `2130706433`, `017700000001` are 127.0.0.1,
 * `::ffff:127.0.0.1` too). Null when it is not a valid host at all.
 */
export function canonicalName(host: string): string | null {
  const trimmed = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (trimmed === '') return null;
  if (isIP(trimmed) === 6) return unmapped(new URL(`http://[${trimmed}]/`).hostname.slice(1, -1));
  try {
    // The WHATWG URL parser reads every IPv4 spelling inet_aton accepts (hex, octal, one number).
    const parsed = new URL(`http://${trimmed}/`).hostname.replace(/\.+$/, '');
    return parsed === '' ? null : parsed;
  } catch {
    return null;
  }
}

/** The host as an address, when it is one in any spelling; null for a name. */
function literalAddress(host: string): string | null {
  const name = canonicalName(host);
  return name !== null && isIP(name) !== 0 ? name : null;
}

/** An IPv4-mapped IPv6 address is the IPv4 address it carries. */
function unmapped(address: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) return dotted[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (!hex) return address;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

/**
 * Resolves the host and checks every address it has; throws HostNotAllowedError (or
 * HostUnresolvedError) when the CRM may not connect. `plaintext`: the connection would not be
 * encrypted, allowed only to a listed host.
 */
export async function resolveMailHost(host: string, plaintext: boolean, allow: AllowList = allowListFrom()): Promise<MailTarget> {
  const name = canonicalName(host);
  if (name === null) throw new HostNotAllowedError(`${host} is not a valid host name`);
  const literal = isIP(name) !== 0;
  let addresses: string[];
  if (literal) addresses = [name];
  else {
    if (!allow.names.has(name) && deniedNames.some((pattern) => pattern.test(name))) {
      throw new HostNotAllowedError(`${name} is an internal name; list it in ${MAIL_ALLOWED_HOSTS_ENV} to allow it`);
    }
    try {
      addresses = (await lookup(name, { all: true, verbatim: true })).map((entry) => unmapped(entry.address.toLowerCase()));
    } catch {
      throw new HostUnresolvedError(name);
    }
    if (addresses.length === 0) throw new HostUnresolvedError(name);
  }
  const listed = allow.names.has(name) || addresses.every((address) => allow.networks.check(address, familyOf(address)));
  if (!listed) {
    const internal = addresses.find((address) => denied.check(address, familyOf(address)));
    if (internal !== undefined) {
      throw new HostNotAllowedError(
        `${name}${literal ? '' : ` (${internal})`} is a loopback, private, link-local or reserved address; list it in ${MAIL_ALLOWED_HOSTS_ENV} to allow it`,
      );
    }
    if (plaintext) throw new HostNotAllowedError(`security "none" sends the password unencrypted: only for hosts listed in ${MAIL_ALLOWED_HOSTS_ENV}`, 'security');
  }
  return { address: addresses[0]!, servername: literal ? undefined : name, listed };
}
