import MailComposer from 'nodemailer/lib/mail-composer';
import { MailAccountsService, describeError, smtpTransport, type AccountsDeps } from './mail.accounts.service.js';

/** A message the CRM itself sends to a member of staff (the task digest), not to a customer. */
export interface SystemMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Sends a message of the CRM's own through a configured mail account: the one `accountId` names,
 * else the first one added. It goes out by SMTP only: it is not a customer's message, so it is
 * neither journaled nor logged in the comms log.
 */
export async function sendSystemMail(deps: AccountsDeps, mail: SystemMail, accountId?: string): Promise<void> {
  const service = new MailAccountsService(deps);
  const account = accountId ? await service.account(accountId) : (await service.accounts())[0];
  if (!account) throw new Error('No mail account is configured: add one in Settings → Mail accounts');
  const raw = await new MailComposer({
    from: { name: account.label, address: account.address },
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    date: deps.clock.now(),
  })
    .compile()
    .build();
  const transport = smtpTransport(account.smtp);
  try {
    await transport.sendMail({ envelope: { from: account.address, to: [mail.to] }, raw });
  } catch (err) {
    throw new Error(`The SMTP server did not accept the message: ${describeError(err, [account.smtp.password])}`, { cause: err });
  } finally {
    transport.close();
  }
}
