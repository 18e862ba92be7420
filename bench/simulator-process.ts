/**
 * The Payconiq simulator in its own process (`passerelle simulator`, state in memory), for the complete payments that
 * show the gateway's own cost apart from the partner's. A contract points at it as at the real partner (API base URL,
 * API key, ppid, JWKS URL): the gateway reaches it over HTTP and verifies its signed callbacks with its JWKS, the same
 * code as in production. Its logs are silent, like the gateway's during the bench.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { CallbackSource, Delivery } from './gateway-target.js';
import { freePort } from './free-port.js';

export interface SimulatorProcess extends CallbackSource {
  pid: number;
  /** Its Merchant API base URL, control API and JWKS (at /jwks/), http://127.0.0.1:<port>. */
  baseUrl: string;
  /** The payment profile it was started with, for the contract's settings. */
  profile: { apiKey: string; ppid: string; merchantId: string };
  close(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const IDLE_POLL_MS = 50;

/**
 * Starts `passerelle simulator` on a free port with a fresh profile of `merchantId`; `merchantJwksUrl` is the
 * gateway's request-signing JWKS (as the embedded simulator knows it). Resolves once it answers.
 */
export async function startSimulatorProcess(merchantId: string, merchantJwksUrl: string): Promise<SimulatorProcess> {
  const profile = {
    apiKey: randomBytes(18).toString('hex'),
    ppid: randomBytes(12).toString('hex'),
    merchantId,
  };
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        MAIN,
        'simulator',
        ...['--port', String(port), '--api-key', profile.apiKey, '--ppid', profile.ppid],
        ...['--merchant-id', merchantId, '--merchant-jwks-url', merchantJwksUrl],
      ],
      { env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-2_000)));
    const baseUrl = `http://127.0.0.1:${port}`;
    try {
      await ready(child, baseUrl, () => stderr);
    } catch (err) {
      await stop(child);
      if (attempt < 3 && /EADDRINUSE/.test(stderr)) continue;
      throw err;
    }
    return simulatorProcess(child, baseUrl, profile);
  }
}

async function ready(child: ChildProcess, baseUrl: string, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`passerelle simulator exited (${child.exitCode ?? child.signalCode}): ${stderr()}`);
    try {
      if ((await fetch(`${baseUrl}/jwks/`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`passerelle simulator did not answer within ${READY_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function simulatorProcess(child: ChildProcess, baseUrl: string, profile: SimulatorProcess['profile']) {
  const deliveries = async (): Promise<readonly Delivery[]> => {
    const res = await fetch(`${baseUrl}/_simulator/callbacks`);
    if (!res.ok) throw new Error(`GET ${baseUrl}/_simulator/callbacks: HTTP ${res.status}`);
    return (await res.json()) as Delivery[];
  };
  return {
    pid: child.pid!,
    baseUrl,
    profile,
    deliveries,
    async idle(timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (!(await deliveries()).some((d) => d.state === 'sending')) return true;
        await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
      }
      return false;
    },
    close: () => stop(child),
  } satisfies SimulatorProcess;
}
