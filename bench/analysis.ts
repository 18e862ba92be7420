/** What the raw measurements mean: ratios to the baselines, failed scenarios, disturbed runs. */
import type { CpuUse } from './machine.js';
import type { FlowScenarioResult, ScenarioResult } from './report.js';

/**
 * A baseline's req/s at `connections` (on `database` when given): the mean of its measurements in the run, which
 * measures the database baselines before the gateway's scenarios and again after them.
 */
export function baselineRate(
  results: ScenarioResult[],
  id: string,
  connections: number,
  database?: string,
): number | undefined {
  const rates = results
    .filter((b) => b.scenario.id === id && b.connections === connections && (!database || b.database === database))
    .map((b) => b.load.reqPerSec.mean);
  return rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : undefined;
}

/**
 * req/s of each scenario against the bare JSON baseline and (gateway only) the bare INSERT on the same database, and
 * (reads only) the bare SELECT on the same database, all at the same connections.
 */
export function applyRatios(results: ScenarioResult[]): void {
  for (const r of results) {
    const bareJson = baselineRate(results, 'bare-json', r.connections);
    const bareInsert = baselineRate(results, 'bare-insert', r.connections, r.emptyDatabase ?? r.database);
    const bareSelect = baselineRate(results, 'bare-select', r.connections, r.emptyDatabase ?? r.database);
    if (r.scenario.id !== 'bare-json' && bareJson) r.ratios.vsBareJson = r.load.reqPerSec.mean / bareJson;
    if (r.scenario.role === 'gateway' && bareInsert) r.ratios.vsBareInsert = r.load.reqPerSec.mean / bareInsert;
    if (r.scenario.role === 'gateway' && r.scenario.read && bareSelect)
      r.ratios.vsBareSelect = r.load.reqPerSec.mean / bareSelect;
  }
}

/**
 * A scenario's target rate (a share of the bare INSERT's) turned into CPU per request: with `cores` all busy, the
 * gateway process and PostgreSQL together may spend the cores over that rate, less the load generator's own CPU per
 * request; the gateway alone at most one core over it. Against what the scenario spent, this says how far a target
 * is, whatever the machine's speed that day.
 */
export function applyTargetBudgets(results: ScenarioResult[], cores: number): void {
  for (const r of results) {
    const target = r.scenario.targetVsBareInsert;
    const bare = baselineRate(results, 'bare-insert', r.connections, r.emptyDatabase ?? r.database);
    if (!target || !bare) continue;
    const targetReqPerSec = target * bare;
    const { server, postgres, loadGenerator } = r.cpu.msPerRequest;
    r.budget = {
      targetRatio: target,
      targetReqPerSec,
      machineMs: (1000 * cores) / targetReqPerSec - (loadGenerator ?? 0),
      gatewayCoreMs: 1000 / targetReqPerSec,
      spentMs: { server, postgres },
    };
  }
}

/** Scenarios that mostly measured errors (socket errors, timeouts, wrong status or body). */
export function failedScenarios(results: ScenarioResult[], maxBadShare: number): string[] {
  return results
    .filter((r) => r.badShare > maxBadShare)
    .map((r) => {
      const attempts = r.load.responses + r.load.errors + r.load.timeouts;
      return `${r.scenario.title} [${r.database}, ${r.connections} conn]: ${r.bad} of ${attempts} requests failed or answered unexpectedly (${(100 * r.badShare).toFixed(1)}% > ${100 * maxBadShare}%), status codes ${JSON.stringify(r.load.statusCodes)}`;
    });
}

/** The full-payment scenario against REST doWebPayment on the same database in the same run. */
export function applyFlowRatios(flows: FlowScenarioResult[], results: ScenarioResult[]): void {
  for (const f of flows) {
    const rest = results.find(
      (r) => r.scenario.id === 'rest-doWebPayment' && r.database === f.database && r.connections === f.buyers,
    );
    if (!rest || !f.flow.flowsPerSec) continue;
    f.vsRestDoWebPayment = {
      reqPerSec: rest.load.reqPerSec.mean,
      serverCpuMsPerReq: rest.cpu.msPerRequest.server,
      throughput: rest.load.reqPerSec.mean / f.flow.flowsPerSec,
      serverCpu: f.cpu.msPerRequest.server / rest.cpu.msPerRequest.server,
    };
  }
}

/**
 * What the machine allows: the payments/s if the gateway process cost nothing, `cores` over the CPU per payment of
 * the load generator, PostgreSQL (PGlite runs inside the gateway) and the simulator when it runs apart.
 */
export function applyFlowCeilings(flows: FlowScenarioResult[], cores: number): void {
  for (const f of flows) {
    const p = f.cpu.msPerRequest;
    if (p.loadGenerator === undefined || (f.simulator === 'process' && p.simulator === undefined)) continue;
    const othersMsPerPayment = p.loadGenerator + (p.postgres ?? 0) + (f.simulator === 'process' ? p.simulator! : 0);
    if (othersMsPerPayment > 0)
      f.ceiling = { paymentsPerSec: (1000 * cores) / othersMsPerPayment, cores, othersMsPerPayment };
  }
}

/** Full-payment runs whose share of failed payments exceeds the limit. */
export function failedFlows(flows: FlowScenarioResult[], maxBadShare: number): string[] {
  return flows
    .filter((f) => f.badShare > maxBadShare)
    .map((f) => {
      const all: Record<string, number> = { ...f.unloaded?.failureReasons };
      for (const [k, n] of Object.entries(f.flow.failureReasons)) all[k] = (all[k] ?? 0) + n;
      const attempts = f.flow.attempts + (f.unloaded?.attempts ?? 0);
      const reasons = Object.entries(all)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([k, n]) => `${n} × ${k}`)
        .join('; ');
      return `${f.scenario.title} [${f.database}, simulator ${f.simulator}, ${f.buyers} buyers]: ${f.bad} of ${attempts} payments failed (${(100 * f.badShare).toFixed(1)}% > ${100 * maxBadShare}%)${reasons ? `: ${reasons}` : ''}`;
    });
}

/** Unrelated work on the machine makes the numbers lower and noisier: say so next to them. */
export function disturbanceNotice(results: { cpu: CpuUse }[], thresholdCores = 0.25): string | undefined {
  const disturbed = results.filter((r) => (r.cpu.cores.other ?? 0) > thresholdCores);
  if (!disturbed.length) return undefined;
  const worst = Math.max(...disturbed.map((r) => r.cpu.cores.other!));
  return `NOTICE: other processes used CPU during ${disturbed.length} of ${results.length} scenarios (up to ${worst.toFixed(2)} cores): those numbers are disturbed; rerun on a quiet machine to compare.`;
}
