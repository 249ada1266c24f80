import { execFileSync } from 'node:child_process';

const INSTALL_HINT = 'apt-get update && apt-get install -y poppler-utils';

/** Runs one of poppler-utils' readers (pdftotext, pdffonts) as a reader of our PDFs would; a machine without them fails with the command that installs them. */
export function poppler(program: 'pdftotext' | 'pdffonts', args: string[]): string {
  try {
    return execFileSync(program, args, { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${program} is missing: install it with \`${INSTALL_HINT}\``, { cause: error });
    throw error;
  }
}
