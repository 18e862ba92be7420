import { DirectoryLockedError, lockDirectory } from '../../src/store/directory-lock.js';

/**
 * A process that tries to lock argv[2] when it reads "go" on stdin, prints "won" or "lost", and
 * keeps what it won until stdin ends (directory-lock.test.ts starts several at the same instant).
 */
process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  try {
    await lockDirectory(process.argv[2]!);
    process.stdout.write('won\n');
  } catch (err) {
    if (!(err instanceof DirectoryLockedError)) throw err;
    process.stdout.write('lost\n');
  }
  process.stdin.resume();
  process.stdin.once('end', () => process.exit(0));
});
