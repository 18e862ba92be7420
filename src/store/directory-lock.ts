import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A process, told apart from a later one that got the same pid: on Linux by the boot id and the
 * start time the kernel keeps for every process (/proc); elsewhere by the pid alone.
 */
export interface ProcessIdentity {
  pid: number;
  host: string;
  bootId?: string | undefined;
  startTime?: string | undefined;
}

export interface LockHolder extends ProcessIdentity {
  /** When the lock was taken (ISO 8601). */
  since: string;
}

interface LockRecord extends LockHolder {
  /** Unique per lock taken: the lock file's identity, whatever pid wrote it. */
  nonce: string;
}

export interface DirectoryLock {
  release(): void;
}

export class DirectoryLockedError extends Error {
  constructor(
    readonly directory: string,
    readonly lockFile: string,
    /** The running holder; undefined when the lock file cannot be read. */
    readonly holder: LockHolder | undefined,
  ) {
    super(
      holder
        ? `the embedded database ${directory} is open in another process (pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}, since ${holder.since}); ` +
            'only one process may open it: stop that process first, or use DATABASE_URL (PostgreSQL) to run several gateways ' +
            `(lock file ${lockFile})`
        : `the embedded database ${directory} is locked by ${lockFile}, which cannot be read; if no Passerelle process uses ${directory}, delete that file`,
    );
  }
}

function procStat(pid: number): { state: string; startTime: string } | undefined {
  try {
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, the fields after it do not.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, startTime: fields[19]! };
  } catch {
    return undefined;
  }
}

function readBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

let self: ProcessIdentity | undefined;
export function currentProcess(): ProcessIdentity {
  self ??= { pid: process.pid, host: hostname(), bootId: readBootId(), startTime: procStat(process.pid)?.startTime };
  return self;
}

/** Nonces of the locks this process holds (a record with our pid and another nonce is a predecessor's). */
const heldHere = new Set<string>();

/**
 * Whether the process that wrote `record` may still run. Errs towards "running" whenever it cannot
 * tell (another host, /proc unreadable): a wrong "running" only asks the operator to act, a wrong
 * "dead" would let two processes write one database.
 */
function holderRunning(record: LockRecord): boolean {
  const me = currentProcess();
  if (record.host !== me.host) return true;
  if (record.bootId && me.bootId && record.bootId !== me.bootId) return false;
  if (record.pid === me.pid) return heldHere.has(record.nonce);
  try {
    process.kill(record.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (!record.startTime || !me.startTime) return true;
  const stat = procStat(record.pid);
  if (!stat) return true;
  return stat.startTime === record.startTime && stat.state !== 'Z' && stat.state !== 'X';
}

function isRecord(v: unknown): v is LockRecord {
  const r = v as LockRecord;
  return (
    typeof r === 'object' &&
    r !== null &&
    Number.isInteger(r.pid) &&
    typeof r.host === 'string' &&
    typeof r.nonce === 'string'
  );
}

function readRecord(path: string): LockRecord | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

function newRecord(): LockRecord {
  return { ...currentProcess(), nonce: randomBytes(12).toString('hex'), since: new Date().toISOString() };
}

/** Writes `record` to a private file, durably: whoever sees it under its final name sees it whole. */
function writePrivate(path: string, record: LockRecord): string {
  const tmp = `${path}.${record.nonce}.tmp`;
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, JSON.stringify(record));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Creates `path` holding `record` unless it exists (link(2) is atomic and never replaces). */
function createExclusive(path: string, record: LockRecord): boolean {
  const tmp = writePrivate(path, record);
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkQuietly(tmp);
  }
}

/**
 * Replaces the dead holder's `stale` record at `path` by `record`. Several processes may find the
 * same stale lock at once: only the one that creates `<path>.claim-<stale nonce>` may replace it,
 * and only after checking, under that claim, that the file still holds `stale`. The replacement is
 * a rename over the old file, so the lock never disappears in between for a newcomer to create.
 * A claim left by a claimer that died is itself taken over the same way.
 */
function replaceStale(path: string, stale: LockRecord, record: LockRecord, depth = 0): boolean {
  const claim = `${path}.claim-${stale.nonce}`;
  const claimRecord = newRecord();
  if (!createExclusive(claim, claimRecord)) {
    const claimer = readRecord(claim);
    // A running claimer finishes within a few file operations: the caller looks again.
    if (typeof claimer === 'string' || holderRunning(claimer) || depth > 2) return false;
    if (!replaceStale(claim, claimer, claimRecord, depth + 1)) return false;
  }
  heldHere.add(claimRecord.nonce);
  try {
    const now = readRecord(path);
    if (typeof now === 'string' || now.nonce !== stale.nonce) return false;
    renameSync(writePrivate(path, record), path);
    return true;
  } finally {
    heldHere.delete(claimRecord.nonce);
    unlinkQuietly(claim);
  }
}

/**
 * Removes the private and claim files of processes that died while locking. A file that cannot be
 * read may be one being written right now: only an old one is removed.
 */
function sweepLeftovers(path: string): void {
  const prefix = `${basename(path)}.`;
  for (const name of readdirSync(dirname(path))) {
    if (!name.startsWith(prefix) || !(name.endsWith('.tmp') || name.includes('.claim-'))) continue;
    const file = join(dirname(path), name);
    const leftover = readRecord(file);
    if (leftover === 'missing') continue;
    if (leftover === 'unreadable' ? ageMs(file) > 60_000 : !holderRunning(leftover)) unlinkQuietly(file);
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Takes the exclusive lock of `directory` (the file `<directory>.lock`, holding the owner's pid), or
 * throws DirectoryLockedError naming the directory and the running holder. A lock whose holder died
 * (kill -9, power loss) is taken over. Released by `release()` and, failing that, on process exit.
 */
export async function lockDirectory(directory: string): Promise<DirectoryLock> {
  const dir = resolve(directory);
  const path = `${dir}.lock`;
  const record = newRecord();
  for (let attempt = 0; attempt < 200; attempt++) {
    if (createExclusive(path, record)) return hold(path, record);
    const current = readRecord(path);
    if (current === 'unreadable') throw new DirectoryLockedError(dir, path, undefined);
    if (current !== 'missing') {
      if (holderRunning(current)) {
        const { nonce: _nonce, ...holder } = current;
        throw new DirectoryLockedError(dir, path, holder);
      }
      if (replaceStale(path, current, record)) return hold(path, record);
    }
    // Released or being taken over right now: look again shortly.
    await sleep(5 + Math.random() * 20);
  }
  throw new Error(`could not lock ${dir}: its lock file ${path} keeps changing`);
}

function hold(path: string, record: LockRecord): DirectoryLock {
  heldHere.add(record.nonce);
  sweepLeftovers(path);
  const release = () => {
    process.off('exit', release);
    if (!heldHere.delete(record.nonce)) return;
    const now = readRecord(path);
    if (typeof now !== 'string' && now.nonce === record.nonce) unlinkQuietly(path);
  };
  process.on('exit', release);
  return { release };
}

export function sameProcess(a: ProcessIdentity, b: ProcessIdentity): boolean {
  return a.pid === b.pid && a.host === b.host && a.bootId === b.bootId && a.startTime === b.startTime;
}
