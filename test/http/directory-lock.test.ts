import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { currentProcess, DirectoryLockedError, lockDirectory } from '../../src/store/directory-lock.js';

const onLinux = existsSync('/proc/self/stat');

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

/** A lock file as a process that did not release it left it. */
function leaveLock(path: string, holder: { pid: number; startTime?: string | undefined }, nonce = 'a1b2c3'): void {
  const { bootId } = currentProcess();
  writeFileSync(
    path,
    JSON.stringify({ host: hostname(), bootId, ...holder, nonce, since: '2026-01-01T00:00:00.000Z' }),
  );
}

/** `count` processes that all try to lock `dir` at the same instant; returns their answers. */
async function contend(dir: string, count: number): Promise<{ answers: string[]; release(): Promise<void> }> {
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, ['--import', 'tsx', 'test/support/lock-contender.ts', dir], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const lines = children.map((c) => {
    const queue: string[] = [];
    const waiters: ((line: string) => void)[] = [];
    let buffer = '';
    c.stdout.on('data', (d: Buffer) => {
      buffer += d;
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        const waiter = waiters.shift();
        if (waiter) waiter(line);
        else queue.push(line);
      }
    });
    return () =>
      queue.length ? Promise.resolve(queue.shift()!) : new Promise<string>((resolve) => waiters.push(resolve));
  });
  await Promise.all(lines.map((next) => next()));
  for (const c of children) c.stdin.write('go\n');
  const answers = await Promise.all(lines.map((next) => next()));
  return {
    answers,
    async release() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise((resolve) => {
              c.once('exit', resolve);
              c.stdin.end();
            }),
        ),
      );
    },
  };
}

describe('directory lock', () => {
  let root: string;
  let n = 0;
  const freshDir = () => join(root, `db${n++}`);
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'passerelle-dirlock-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('a second lock is refused with the directory named and what to do; release lets the next one in', async () => {
    const dir = freshDir();
    const lock = await lockDirectory(dir);
    await assert.rejects(
      lockDirectory(dir),
      (e: Error) =>
        e instanceof DirectoryLockedError &&
        e.message.includes(`${dir} is open in another process (pid ${process.pid}`) &&
        /stop that process first/.test(e.message) &&
        e.message.includes(`${dir}.lock`),
    );
    assert.equal(
      (JSON.parse(readFileSync(`${dir}.lock`, 'utf8')) as { pid: number }).pid,
      process.pid,
      "the lock file holds the owner's pid",
    );
    lock.release();
    assert.ok(!existsSync(`${dir}.lock`));
    (await lockDirectory(dir)).release();
  });

  it('the lock of a process that died is taken over, and what it left while locking is swept', async () => {
    const dir = freshDir();
    const dead = await deadPid();
    leaveLock(`${dir}.lock`, { pid: dead });
    leaveLock(`${dir}.lock.claim-a1b2c3`, { pid: dead }, 'd4e5f6');
    leaveLock(`${dir}.lock.0f0f.tmp`, { pid: dead }, '0f0f');
    const lock = await lockDirectory(dir);
    assert.equal((JSON.parse(readFileSync(`${dir}.lock`, 'utf8')) as { pid: number }).pid, process.pid);
    assert.deepEqual(
      readdirSync(root).filter((f) => f.startsWith(`db${n - 1}.lock.`)),
      [],
    );
    lock.release();
  });

  it(
    'a lock whose pid now belongs to another process (pid reuse) is taken over; its real holder is not',
    { skip: !onLinux && 'needs /proc' },
    async () => {
      const dir = freshDir();
      const stat = readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
      const parentStart = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
      leaveLock(`${dir}.lock`, { pid: process.ppid, startTime: parentStart });
      await assert.rejects(lockDirectory(dir), DirectoryLockedError);
      leaveLock(`${dir}.lock`, { pid: process.ppid, startTime: String(Number(parentStart) - 1) });
      (await lockDirectory(dir)).release();
      // A container restarted with the same pid as its killed predecessor.
      leaveLock(`${dir}.lock`, { pid: process.pid, startTime: String(Number(currentProcess().startTime) - 1) });
      (await lockDirectory(dir)).release();
    },
  );

  it('processes starting at the same instant: exactly one gets the lock, on a free directory and over a stale lock', async () => {
    for (const stale of [false, true, true]) {
      const dir = freshDir();
      if (stale) leaveLock(`${dir}.lock`, { pid: await deadPid() });
      const { answers, release } = await contend(dir, 5);
      try {
        assert.equal(answers.filter((a) => a === 'won').length, 1, `${stale ? 'stale' : 'free'}: ${answers.join(' ')}`);
        assert.equal(answers.filter((a) => a === 'lost').length, 4);
      } finally {
        await release();
      }
      assert.ok(!existsSync(`${dir}.lock`), 'released when the winner exits');
    }
  });
});
