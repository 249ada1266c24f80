import { describe, expect, it } from 'vitest';
import { registerSecret, scrubFields, scrubSecrets, scrubbingLogger } from './secrets.js';

describe('scrubSecrets', () => {
  const secret = 'Καμπάνα/Πάσχα+2026 ok';
  const user = 'π.νικόλαος@bellsystems.gr';
  registerSecret(secret, user);

  it('blanks the secret in every form it travels in', () => {
    const forms = [
      secret,
      encodeURIComponent(secret),
      encodeURIComponent(secret).replace(/%20/g, '+'),
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
      Buffer.from(`\0${user}\0${secret}`).toString('base64'),
      Buffer.from(`${user}:${secret}`).toString('base64'),
    ];
    for (const form of forms) {
      const scrubbed = scrubSecrets(`535 5.7.8 echo: AUTH PLAIN ${form} end`);
      expect(scrubbed, form).not.toContain(form);
      expect(scrubbed).toMatch(/^535 5\.7\.8 echo: AUTH PLAIN .*\*\*\*.* end$/);
    }
  });

  it('finds the secret inside a longer base64 text at any byte offset', () => {
    for (const prefix of ['', 'a', 'ab', 'abc', 'Authorization: ', 'x\0y\0']) {
      const encoded = Buffer.from(`${prefix}${secret}and more after it`).toString('base64');
      const scrubbed = scrubSecrets(`token ${encoded}`);
      expect(scrubbed, prefix).toContain('***');
      // What is left cannot decode back to the secret.
      expect(Buffer.from(scrubbed.replace('token ', '').replace(/\*+/g, ''), 'base64').toString()).not.toContain(secret);
    }
  });

  it('leaves other text alone, ignores secrets too short to be real, and scrubs log fields at depth', () => {
    registerSecret('abc');
    expect(scrubSecrets('abc and Καμπάνα')).toBe('abc and Καμπάνα');
    const fields = scrubFields({ error: new Error(`failed with ${secret}`), nested: [{ text: `x ${encodeURIComponent(secret)}` }], n: 3, at: new Date(0) });
    expect(JSON.stringify(fields)).not.toContain(secret);
    expect(JSON.stringify(fields)).not.toContain(encodeURIComponent(secret));
    expect(fields).toMatchObject({ n: 3, at: new Date(0) });
    const lines: unknown[] = [];
    const logger = scrubbingLogger({ info: (m: string, f?: Record<string, unknown>) => lines.push([m, f]), warn: () => undefined, error: () => undefined });
    logger.info(`login ${secret}`, { password: secret });
    expect(JSON.stringify(lines)).not.toContain(secret);
  });
});
