#!/usr/bin/env node
import { ConfigError } from '../config.js';
import { SecretKeyMismatchError } from '../security/secret-key-check.js';
import { DirectoryLockedError } from '../store/directory-lock.js';
import { runCommand } from './commands.js';
import { UsageError } from './usage-error.js';

// A command is over when it returns: what may be left (an embedded simulator's answer still being
// delayed, a keep-alive socket) must not keep the process alive past a clean stop.
runCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof UsageError || err instanceof SecretKeyMismatchError) {
      console.error(`passerelle: ${err.message}`);
      process.exit(2);
    }
    if (err instanceof DirectoryLockedError) {
      console.error(`passerelle: ${err.message}`);
      process.exit(1);
    }
    console.error(err);
    process.exit(1);
  },
);
