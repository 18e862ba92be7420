/**
 * Things to close before the bench exits (servers, databases, the load generator), released in
 * reverse order of acquisition — normally one by one as the run goes, all at once on an abort.
 */
export class Resources {
  private readonly open: { name: string; close: () => Promise<void> }[] = [];

  /** Registers `close`; the returned function closes it now (once) and forgets it. */
  add(name: string, close: () => Promise<void>): () => Promise<void> {
    const entry = { name, close };
    this.open.push(entry);
    return async () => {
      const i = this.open.indexOf(entry);
      if (i < 0) return;
      this.open.splice(i, 1);
      await close();
    };
  }

  /** Closes everything still open, newest first; reports failures without stopping. */
  async closeAll(): Promise<void> {
    while (this.open.length) {
      const entry = this.open.pop()!;
      try {
        await entry.close();
      } catch (err) {
        console.error(`bench: closing ${entry.name} failed: ${(err as Error).message}`);
      }
    }
  }
}
