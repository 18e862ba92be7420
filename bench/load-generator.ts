/**
 * Parent side of the load generator.
 *
 * Why a child process rather than autocannon in this process: the servers under test (gateway,
 * baselines, and PGlite, which runs its WASM PostgreSQL on the main thread) live in this process.
 * autocannon in the same event loop would steal that loop's time from the server and distort both
 * throughput and latency. A child process has its own event loop, heap and GC and the OS can run it
 * on the other core. On a 2-core machine it still shares the CPUs with the server (and with the
 * PostgreSQL backends): the numbers are "server + load generator on 2 cores", which the report header
 * says. A worker thread (autocannon's `workers` option) would also get its own loop, but shares the
 * process's heap limits and signal handling; a child is easier to reason about and to kill.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { FlowResult, FlowSpec, FromWorker, LoadResult, LoadSpec, ToWorker } from './load-spec.js';

export class LoadGenerator {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: LoadResult | FlowResult) => void; reject: (e: Error) => void }
  >();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (msg: FromWorker) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if ('error' in msg) p.reject(new Error(`load generator: ${msg.error}`));
      else p.resolve(msg.result);
    });
    child.on('exit', (code, signal) => {
      for (const p of this.pending.values())
        p.reject(new Error(`load generator exited (code ${code}, signal ${signal})`));
      this.pending.clear();
    });
  }

  /** Forks bench/load-worker.ts with this process's loader flags (`--import tsx`). */
  static start(): LoadGenerator {
    const child = fork(new URL('./load-worker.ts', import.meta.url), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new LoadGenerator(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** One autocannon run. */
  run(spec: LoadSpec): Promise<LoadResult> {
    return this.ask({ id: this.nextId++, spec }) as Promise<LoadResult>;
  }

  /** One closed-loop run of complete payments (flow-driver.ts). */
  runFlows(flow: FlowSpec): Promise<FlowResult> {
    return this.ask({ id: this.nextId++, flow }) as Promise<FlowResult>;
  }

  private ask(msg: ToWorker): Promise<LoadResult | FlowResult> {
    return new Promise((resolve, reject) => {
      this.pending.set(msg.id, { resolve, reject });
      this.child.send(msg);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
