import MailComposer from 'nodemailer/lib/mail-composer';
import type { Transporter } from 'nodemailer';
import type { MailAccountsRepository } from './mail.accounts.repository.js';
import { MailAccountsService, type AccountsDeps } from './mail.accounts.service.js';
import { classifyMailError, smtpTransportFor, withinBudget } from './mail.connect.js';

/** Inside the digest schedule's run, like a send from the Communication tab (mail.send.ts). */
const SEND_BUDGET_MS = 40_000;

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
export async function sendSystemMail(deps: AccountsDeps, accounts: MailAccountsRepository, mail: SystemMail, accountId?: string): Promise<void> {
  const service = new MailAccountsService(deps, accounts);
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
  let transport: Transporter | undefined;
  try {
    transport = await smtpTransportFor(account.smtp);
    const open = transport;
    await withinBudget(SEND_BUDGET_MS, open.sendMail({ envelope: { from: account.address, to: [mail.to] }, raw }), () => open.close());
  } catch (err) {
    // Our reason only: the server's words may echo the AUTH line.
    throw new Error(`The SMTP server did not accept the message: ${classifyMailError(err).message}`, { cause: err });
  } finally {
    transport?.close();
  }
}
