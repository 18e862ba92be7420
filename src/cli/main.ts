#!/usr/bin/env node
import { ConfigError } from '../config.js';
import { DirectoryLockedError } from '../store/directory-lock.js';
import { runCommand } from './commands.js';
import { UsageError } from './usage-error.js';

runCommand(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof UsageError) {
      console.error(`passerelle: ${err.message}`);
      process.exitCode = 2;
    } else if (err instanceof DirectoryLockedError) {
      console.error(`passerelle: ${err.message}`);
      process.exitCode = 1;
    } else {
      console.error(err);
      process.exitCode = 1;
    }
  },
);
