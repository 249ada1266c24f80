/**
 * Production's password links (a new account, a reset) go to their person through the CRM's own
 * mail account, in Greek and English, so the admin does not have to pass them on by hand.
 */
import type { AccountCredential } from '../auth/auth.types.js';
import type { MailAccountsRepository } from '../mail/mail.accounts.repository.js';
import { sendSystemMail } from '../mail/mail.system.js';
import type { AppDeps } from './deps.js';

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Resolves false (and logs why) when it could not be sent: the admin still has the link in the answer. */
export async function sendPasswordLinkMail(deps: AppDeps, accounts: MailAccountsRepository, credential: AccountCredential): Promise<boolean> {
  const { user, password_link: link } = credential;
  if (!link || !user.email) return false;
  const name = user.displayName ?? user.email;
  const text = [
    `${name},`,
    '',
    'Ορίστε τον κωδικό σας για το BellSystems CRM από αυτόν τον σύνδεσμο:',
    link,
    '',
    'Set your password for the BellSystems CRM with this link:',
    link,
  ].join('\n');
  const html = `<p>${escape(name)},</p><p>Ορίστε τον κωδικό σας για το BellSystems CRM: <a href="${escape(link)}">${escape(link)}</a></p><p>Set your password for the BellSystems CRM: <a href="${escape(link)}">${escape(link)}</a></p>`;
  try {
    await sendSystemMail(deps, accounts, { to: user.email, subject: 'BellSystems CRM: ο κωδικός σας / your password', text, html });
    return true;
  } catch (err) {
    deps.logger.warn('the password link could not be e-mailed; the admin passes it on', { error: err instanceof Error ? err.message : String(err) });
    return false;
  }
}
