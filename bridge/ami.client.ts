/**
 * One AMI connection that stays up: logs in, matches each response to its action by ActionID,
 * pings to notice a link that died without a FIN (a NAT or a pulled cable), and reconnects
 * with exponential backoff and jitter, so a restarting Asterisk is not hammered by every
 * client at the same instant. Modelled on panoramisk's manager.py and ami_protocol.py.
 */
import { connect, type Socket } from 'node:net';
import { AmiParser, serializeAction, type AmiMessage } from './ami.protocol.js';
import type { BridgeLogger } from './bridge.config.js';

export interface AmiClientOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** Event classes to receive: call (channels, dials, bridges), cdr, agent (queues), dialplan (VarSet, Newexten). */
  events?: string;
  pingIntervalMs?: number;
  /** No answer to an action (a Ping too) within this: the link is dead. */
  actionTimeoutMs?: number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
  logger: BridgeLogger;
  onEvent(message: AmiMessage): void;
  /** After each successful login (the first and every reconnect). */
  onLogin?(): void;
  /** Jitter source; tests pass a fixed one. */
  random?: () => number;
}

interface Pending {
  resolve(result: ActionResult): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
  /** For list actions (CoreShowChannels): the event that ends the list. */
  completeEvent?: string;
  response?: AmiMessage;
  events: AmiMessage[];
}

export interface ActionResult {
  response: AmiMessage;
  /** The list's events, for list actions. */
  events: AmiMessage[];
}

export class AmiError extends Error {}

export function backoffDelay(attempt: number, minMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 20));
  // "Equal jitter": never less than half the step, so retries stay spread but not immediate.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class AmiClient {
  private socket: Socket | null = null;
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private attempt = 0;
  private stopped = true;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  loggedIn = false;
  /** When the last event arrived (any message, for health). */
  lastEventAt: Date | null = null;
  connects = 0;

  constructor(private readonly options: AmiClientOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    if (!socket) return;
    await new Promise<void>((done) => {
      socket.once('close', () => done());
      socket.destroy();
    });
  }

  /** Sends an action; resolves with its response (and list events), rejects on an error response, timeout or lost link. */
  send(fields: Record<string, string | string[]>, completeEvent?: string): Promise<ActionResult> {
    const socket = this.socket;
    if (!socket || !this.loggedIn && fields.Action !== 'Login') return Promise.reject(new AmiError('AMI is not connected'));
    return this.write(socket, fields, completeEvent);
  }

  private write(socket: Socket, fields: Record<string, string | string[]>, completeEvent?: string): Promise<ActionResult> {
    const actionId = `crm-${process.pid}-${this.nextId++}`;
    return new Promise<ActionResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(actionId);
        reject(new AmiError(`AMI action ${String(fields.Action)} timed out`));
      }, this.options.actionTimeoutMs ?? 10_000);
      this.pending.set(actionId, { resolve, reject, timer, events: [], ...(completeEvent ? { completeEvent } : {}) });
      socket.write(serializeAction({ ...fields, ActionID: actionId }));
    });
  }

  private open(): void {
    const { host, port, logger } = this.options;
    const socket = connect({ host, port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    const parser = new AmiParser();
    let greeted = false;
    socket.on('data', (chunk: Buffer) => {
      let messages: AmiMessage[];
      try {
        messages = parser.push(chunk);
      } catch (err) {
        socket.destroy(err as Error);
        return;
      }
      if (!greeted && parser.banner !== null) {
        greeted = true;
        if (!parser.banner.startsWith('Asterisk Call Manager')) {
          socket.destroy(new AmiError(`not an AMI server: ${parser.banner.slice(0, 80)}`));
          return;
        }
        void this.login(socket);
      }
      for (const message of messages) this.dispatch(socket, message);
    });
    socket.on('error', (err) => logger.warn('AMI connection error', { error: err.message }));
    socket.on('close', () => {
      this.loggedIn = false;
      if (this.pingTimer) clearInterval(this.pingTimer);
      this.pingTimer = null;
      for (const [id, pending] of this.pending) {
        clearTimeout(pending.timer);
        pending.reject(new AmiError('AMI connection closed'));
        this.pending.delete(id);
      }
      if (this.socket === socket) this.socket = null;
      if (this.stopped) return;
      const delay = backoffDelay(this.attempt++, this.options.backoffMinMs ?? 500, this.options.backoffMaxMs ?? 30_000, this.options.random ?? Math.random);
      logger.warn('AMI disconnected; reconnecting', { in_ms: delay, attempt: this.attempt });
      this.reconnectTimer = setTimeout(() => this.open(), delay);
    });
  }

  private async login(socket: Socket): Promise<void> {
    const { username, secret, events, logger } = this.options;
    try {
      await this.write(socket, { Action: 'Login', Username: username, Secret: secret, Events: events ?? 'call,cdr,agent,dialplan' });
    } catch (err) {
      logger.error('AMI login failed', { error: (err as Error).message });
      socket.destroy();
      return;
    }
    this.loggedIn = true;
    this.attempt = 0;
    this.connects++;
    logger.info('AMI logged in', { host: this.options.host });
    this.pingTimer = setInterval(() => {
      // A dead link shows as a Ping that never comes back: drop it and reconnect.
      this.write(socket, { Action: 'Ping' }).catch(() => socket.destroy(new AmiError('AMI ping unanswered')));
    }, this.options.pingIntervalMs ?? 20_000);
    this.options.onLogin?.();
  }

  private dispatch(socket: Socket, message: AmiMessage): void {
    this.lastEventAt = new Date();
    const actionId = message.fields.ActionID;
    const pending = actionId === undefined ? undefined : this.pending.get(actionId);
    if (pending && actionId !== undefined) {
      if (message.fields.Response !== undefined) {
        if (message.fields.Response === 'Error') {
          this.settle(actionId, pending);
          pending.reject(new AmiError(message.fields.Message ?? 'AMI action failed'));
          return;
        }
        pending.response = message;
        if (!pending.completeEvent) {
          this.settle(actionId, pending);
          pending.resolve({ response: message, events: [] });
        }
        return;
      }
      if (pending.completeEvent && message.fields.Event !== undefined) {
        if (message.fields.Event === pending.completeEvent) {
          this.settle(actionId, pending);
          pending.resolve({ response: pending.response ?? message, events: pending.events });
        } else pending.events.push(message);
        return;
      }
    }
    if (message.fields.Event === undefined) return;
    if (message.fields.Event === 'Shutdown') {
      // Asterisk is going down: reconnect (with backoff) rather than wait for a dead socket.
      socket.destroy();
      return;
    }
    this.options.onEvent(message);
  }

  private settle(actionId: string, pending: Pending): void {
    clearTimeout(pending.timer);
    this.pending.delete(actionId);
  }
}
