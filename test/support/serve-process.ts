import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { freePort } from './test-gateway.js';
import { waitUntil } from './wait-until.js';

export interface ServeProcess {
  child: ChildProcess;
  port: number;
  /** stdout and stderr so far. */
  output(): string;
  /** The exit: code, signal and when (Date.now()). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/**
 * `passerelle serve` (or another command that runs the gateway: `args`) as a real process on a
 * free port of 127.0.0.1, once it answers ready.
 */
export async function spawnServe(env: Record<string, string>, args = ['serve']): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal, at: Date.now() });
    }),
  );
  const serve: ServeProcess = { child, port, output: () => out, exited };
  await waitUntil(async () => done || (await readyStatus(port)) === 200, 'the gateway ready', 60_000);
  if (done) throw new Error(`passerelle ${args[0]} exited at start:\n${out}`);
  return serve;
}

/** GET /health/ready on a connection of its own (none left open); 0 when nothing answers. */
function readyStatus(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/health/ready', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
  });
}
