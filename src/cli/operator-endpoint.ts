import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { currentProcess, type ProcessIdentity } from '../store/directory-lock.js';

/** How the CLI reaches the gateway that holds the embedded database of a data directory. */
export interface OperatorEndpoint {
  /** The gateway's loopback URL. */
  url: string;
  token: string;
  /** The gateway process: a file left by a gateway that died is recognised as such. */
  process: ProcessIdentity;
}

const fileIn = (dataDir: string) => join(dataDir, 'operator.json');

/**
 * Writes DATA_DIR/operator.json (mode 600: the token lets its reader administer merchants) for the
 * CLI. Returns the function that removes it, which also runs on process exit.
 */
export function publishOperatorEndpoint(dataDir: string, url: string, token: string): () => void {
  const file = fileIn(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  unlinkQuietly(tmp);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, JSON.stringify({ url, token, process: currentProcess() } satisfies OperatorEndpoint));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  const remove = () => {
    process.off('exit', remove);
    if (readOperatorEndpoint(dataDir)?.token === token) unlinkQuietly(file);
  };
  process.on('exit', remove);
  return remove;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

export function readOperatorEndpoint(dataDir: string): OperatorEndpoint | undefined {
  try {
    const found = JSON.parse(readFileSync(fileIn(dataDir), 'utf8')) as OperatorEndpoint;
    return typeof found.url === 'string' && typeof found.token === 'string' && typeof found.process?.pid === 'number'
      ? found
      : undefined;
  } catch {
    return undefined;
  }
}
