/**
 * A scripted AMI server standing in for Asterisk (which Debian 12 does not package): it speaks
 * the banner and the Login handshake, answers Ping, CoreShowChannels and Originate, records
 * the actions it got, and writes event streams to the logged-in client in the chunks a test
 * chooses.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { AmiParser, type AmiMessage } from '../ami.protocol.js';
import { BANNER } from './ami-streams.js';

export interface ScriptedAmi {
  port: number;
  /** Every action received, in order. */
  actions: AmiMessage[];
  /** How many logins succeeded. */
  logins: number;
  /** Channels CoreShowChannels lists (Uniqueid, Linkedid). */
  liveChannels: { uniqueid: string; linkedid: string }[];
  /** Answer Ping or stay silent (a link that died without a FIN). */
  answerPings: boolean;
  /** Resolves once a client is logged in (again). */
  loggedIn(): Promise<void>;
  /** Writes bytes to the logged-in client, cut at the given offsets. */
  send(bytes: Buffer, cuts?: number[]): Promise<void>;
  /** Drops the client's connection. */
  dropClient(): void;
  close(): Promise<void>;
}

export async function startScriptedAmi(credentials: { username: string; secret: string }): Promise<ScriptedAmi> {
  let client: Socket | null = null;
  let waiters: (() => void)[] = [];
  const sockets = new Set<Socket>();

  /** While an event stream is half written, answers wait: Asterisk never writes inside a message. */
  let midMessage = false;
  const held: (() => void)[] = [];
  const reply = (socket: Socket, fields: Record<string, string>) => {
    const write = () => socket.write(`${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
    if (midMessage) held.push(write);
    else write();
  };
  const release = () => {
    midMessage = false;
    for (const write of held.splice(0)) write();
  };

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      if (client === socket) client = null;
    });
    socket.on('error', () => undefined);
    const parser = new AmiParser();
    parser.push(Buffer.from(BANNER));
    socket.write(BANNER);
    socket.on('data', (chunk: Buffer) => {
      for (const action of parser.push(chunk)) {
        ami.actions.push(action);
        const id = action.fields.ActionID ?? '';
        switch (action.fields.Action) {
          case 'Login':
            if (action.fields.Username === credentials.username && action.fields.Secret === credentials.secret) {
              reply(socket, { Response: 'Success', ActionID: id, Message: 'Authentication accepted' });
              reply(socket, { Event: 'FullyBooted', Privilege: 'system,all', Uptime: '100', LastReload: '100', Status: 'Fully Booted' });
              ami.logins++;
              client = socket;
              const ready = waiters;
              waiters = [];
              for (const wake of ready) wake();
            } else {
              reply(socket, { Response: 'Error', ActionID: id, Message: 'Authentication failed' });
              socket.end();
            }
            break;
          case 'Ping':
            if (ami.answerPings) reply(socket, { Response: 'Success', ActionID: id, Ping: 'Pong', Timestamp: (Date.now() / 1000).toFixed(6) });
            break;
          case 'CoreShowChannels':
            reply(socket, { Response: 'Success', ActionID: id, EventList: 'start', Message: 'Channels will follow' });
            for (const channel of ami.liveChannels) reply(socket, { Event: 'CoreShowChannel', ActionID: id, Uniqueid: channel.uniqueid, Linkedid: channel.linkedid });
            reply(socket, { Event: 'CoreShowChannelsComplete', ActionID: id, EventList: 'Complete', ListItems: String(ami.liveChannels.length) });
            break;
          case 'Originate':
            reply(socket, { Response: 'Success', ActionID: id, Message: 'Originate successfully queued' });
            break;
          default:
            reply(socket, { Response: 'Error', ActionID: id, Message: 'Invalid/unknown command' });
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const ami: ScriptedAmi = {
    port: (server.address() as AddressInfo).port,
    actions: [],
    logins: 0,
    liveChannels: [],
    answerPings: true,
    loggedIn: () => (client ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    async send(bytes, cuts = []) {
      const socket = client;
      if (!socket) throw new Error('no client logged in');
      const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      let start = 0;
      for (const point of [...points, bytes.length]) {
        if (point > start) {
          midMessage = true;
          socket.write(bytes.subarray(start, point));
          if (bytes.subarray(0, point).toString('latin1').endsWith('\r\n\r\n')) release();
          // Let each piece leave as its own segment, as a busy PBX link would cut them.
          await new Promise((resolve) => setImmediate(resolve));
        }
        start = point;
      }
      release();
    },
    dropClient() {
      client?.destroy();
      client = null;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return ami;
}
