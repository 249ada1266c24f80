import { crc32, deflateSync } from 'node:zlib';

/**
 * Small real pictures for the demo's attachments, drawn in code so the repository holds no
 * binary files: a PNG (8-bit RGB) of a bell tower against the sky, or of a controller's panel.
 * Every image viewer and the browser open them; they weigh a few kilobytes.
 */

export const demoPictures = ['tower', 'panel'] as const;
export type DemoPicture = (typeof demoPictures)[number];

type Rgb = [number, number, number];
type Painter = (x: number, y: number) => Rgb;

const WIDTH = 160;
const HEIGHT = 120;

const painters: Record<DemoPicture, Painter> = {
  tower: (x, y) => {
    const roofTop = 22;
    const inRoof = y >= roofTop && y < 42 && Math.abs(x - 80) <= (y - roofTop) * 1.2;
    const inTower = x >= 58 && x <= 102 && y >= 42 && y < 110;
    const inArch = x >= 70 && x <= 90 && y >= 50 && y < 72 && !(y < 56 && Math.abs(x - 80) > (y - 50) * 2 + 4);
    const inBell = (x - 80) ** 2 + (y - 64) ** 2 <= 36 && y >= 60;
    if (y >= 110) return [86, 120, 62];
    if (inBell) return [184, 134, 40];
    if (inArch) return [40, 36, 44];
    if (inTower) return [236, 230, 214];
    if (inRoof) return [168, 70, 48];
    return [110 + Math.round(y * 0.8), 160 + Math.round(y * 0.5), 230];
  },
  panel: (x, y) => {
    const inDisplay = x >= 24 && x <= 136 && y >= 20 && y <= 56;
    const led = [40, 64, 88, 112].find((cx) => (x - cx) ** 2 + (y - 84) ** 2 <= 25);
    if (inDisplay) return (x + y) % 11 === 0 && y > 30 && y < 46 ? [250, 120, 60] : [20, 40, 30];
    if (led !== undefined) return led === 88 ? [230, 40, 40] : [60, 200, 90];
    if (x < 8 || x > 151 || y < 8 || y > 111) return [70, 74, 80];
    return [196, 200, 204];
  },
};

/** The PNG bytes of one picture. */
export function demoPng(picture: DemoPicture): Buffer {
  const paint = painters[picture];
  const rows: Buffer[] = [];
  for (let y = 0; y < HEIGHT; y++) {
    const row = Buffer.alloc(1 + WIDTH * 3);
    for (let x = 0; x < WIDTH; x++) row.set(paint(x, y), 1 + x * 3);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(WIDTH, 0);
  header.writeUInt32BE(HEIGHT, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}
