/**
 * Complete payments driven from a worker thread (bench/trace-payment.ts --cpu): the client's CPU stays out of the
 * main thread, the gateway's, which the CPU profile samples.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { onePayment } from './one-payment.js';

interface PaymentRun {
  baseUrl: string;
  authorization: string;
  soap: boolean;
  /** Payments one after the other. */
  count: number;
}

/** Runs `run.count` payments in a worker thread; resolves when the last one is over. */
export function paymentsInWorker(run: PaymentRun): Promise<void> {
  return new Promise((resolve, reject) => {
    // A worker thread does not inherit the TypeScript loader: it registers it before loading this file.
    const load = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(load, { eval: true, workerData: run });
    worker.once('message', (m: { error?: string }) => (m.error ? reject(new Error(m.error)) : resolve()));
    worker.once('error', reject);
  });
}

if (!isMainThread && (workerData as PaymentRun | undefined)?.baseUrl) {
  const run = workerData as PaymentRun;
  try {
    for (let i = 0; i < run.count; i++) await onePayment(run.baseUrl, run.authorization, run.soap);
    parentPort!.postMessage({});
  } catch (err) {
    parentPort!.postMessage({ error: (err as Error).message });
  }
}
