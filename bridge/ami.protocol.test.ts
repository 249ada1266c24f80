import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AmiParser, serializeAction } from './ami.protocol.js';

const BANNER = 'Asterisk Call Manager/7.0.3\r\n';
const frames = [
  'Response: Success\r\nActionID: 1\r\nMessage: Authentication accepted\r\n\r\n',
  'Event: Newchannel\r\nChannel: PJSIP/cosmote-00000001\r\nCallerIDName: Πατήρ Νικόλαος\r\nUniqueid: 1.1\r\nLinkedid: 1.1\r\n\r\n',
  'Event: VarSet\r\nVariable: __FROM_DID\r\nValue: 2101234567\r\nUniqueid: 1.1\r\n\r\n',
];

function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

describe('AMI framing', () => {
  it('reads the banner, then the same messages however TCP cuts the bytes (inside UTF-8 characters too)', () => {
    const bytes = Buffer.from(BANNER + frames.join(''), 'utf8');
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        const parser = new AmiParser();
        const messages = split(bytes, cuts).flatMap((chunk) => parser.push(chunk));
        expect(parser.banner).toBe('Asterisk Call Manager/7.0.3');
        expect(messages.map((m) => m.fields.Event ?? m.fields.Response)).toEqual(['Success', 'Newchannel', 'VarSet']);
        expect(messages[1]!.fields.CallerIDName).toBe('Πατήρ Νικόλαος');
        expect(messages[2]!.fields.Variable).toBe('__FROM_DID');
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a value that holds colons, and repeated keys in order', () => {
    const parser = new AmiParser();
    const [message] = parser.push(Buffer.from(`${BANNER}Event: X\r\nDialString: PJSIP/201/sip:201@10.0.0.21:5060\r\nChanVariable: A=1\r\nChanVariable: B=2\r\n\r\n`));
    expect(message!.fields.DialString).toBe('PJSIP/201/sip:201@10.0.0.21:5060');
    expect(message!.repeated.ChanVariable).toEqual(['A=1', 'B=2']);
  });

  it('writes actions that end in a blank line and refuses header injection', () => {
    expect(serializeAction({ Action: 'Ping', ActionID: '7' }).toString()).toBe('Action: Ping\r\nActionID: 7\r\n\r\n');
    expect(serializeAction({ Action: 'Originate', Variable: ['A=1', 'B=2'] }).toString()).toBe('Action: Originate\r\nVariable: A=1\r\nVariable: B=2\r\n\r\n');
    expect(() => serializeAction({ Action: 'Originate', CallerID: 'x\r\nAction: Logoff' })).toThrow(/line break/);
  });
});
