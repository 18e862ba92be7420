/** A command line the CLI cannot run: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}
