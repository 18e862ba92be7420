import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFlowCeilings, applyRatios, applyTargetBudgets } from '../../bench/analysis.js';
import type { CpuUse } from '../../bench/machine.js';
import type { FlowScenarioResult, ScenarioResult } from '../../bench/report.js';
import { SCENARIOS, type ScenarioId } from '../../bench/scenarios.js';
import { loadBenchSettings } from '../../bench/settings.js';

const cpu = (msPerRequest: CpuUse['msPerRequest']): CpuUse => ({ cores: { server: 1 }, msPerRequest });

function scenario(id: ScenarioId, database: string, reqPerSec: number): ScenarioResult {
  return {
    scenario: SCENARIOS[id],
    database,
    connections: 32,
    load: { reqPerSec: { mean: reqPerSec, stddev: 0 } } as ScenarioResult['load'],
    cpu: cpu({ server: 1 }),
    rssMb: 0,
    ratios: {},
    bad: 0,
    badShare: 0,
  };
}

function flow(simulator: FlowScenarioResult['simulator'], msPerRequest: CpuUse['msPerRequest']): FlowScenarioResult {
  return {
    scenario: SCENARIOS['full-payment'],
    simulator,
    database: 'PostgreSQL',
    buyers: 32,
    flow: { flowsPerSec: 50 } as FlowScenarioResult['flow'],
    cpu: cpu(msPerRequest),
    rssMb: 0,
    bad: 0,
    badShare: 0,
  };
}

describe('bench: what the machine allows', () => {
  it('a read is compared with the bare SELECT on its database; a write is not', () => {
    const results = [
      scenario('bare-json', '—', 30_000),
      scenario('bare-insert', 'PostgreSQL', 3_000),
      scenario('bare-select', 'PostgreSQL', 6_000),
      scenario('bare-select', 'PGlite', 1_000),
      scenario('soap-getWebPaymentDetails', 'PostgreSQL', 1_500),
      scenario('rest-doWebPayment', 'PostgreSQL', 1_500),
    ];
    applyRatios(results);
    const [, insert, select, , details, rest] = results;
    assert.equal(details!.ratios.vsBareSelect, 0.25);
    assert.equal(details!.ratios.vsBareInsert, 0.5);
    assert.equal(rest!.ratios.vsBareSelect, undefined);
    assert.equal(insert!.ratios.vsBareSelect, undefined, 'baselines get no baseline ratio but bare JSON');
    assert.equal(select!.ratios.vsBareJson, 0.2);
  });

  it('the ceiling: the cores over the CPU per payment of everything but the gateway process', () => {
    const embedded = flow('embedded', { server: 17.5, postgres: 5.6, loadGenerator: 1.8, simulator: undefined });
    const apart = flow('process', { server: 12, postgres: 5.6, loadGenerator: 1.8, simulator: 2.6 });
    const pglite = flow('embedded', { server: 30, loadGenerator: 2 });
    const unmeasured = flow('process', { server: 12, postgres: 5.6, loadGenerator: 1.8 });
    applyFlowCeilings([embedded, apart, pglite, unmeasured], 2);
    assert.equal(embedded.ceiling!.othersMsPerPayment.toFixed(2), '7.40');
    assert.equal(Math.round(embedded.ceiling!.paymentsPerSec), 270);
    assert.equal(apart.ceiling!.othersMsPerPayment.toFixed(2), '10.00');
    assert.equal(Math.round(apart.ceiling!.paymentsPerSec), 200);
    assert.equal(pglite.ceiling!.paymentsPerSec, 1000, 'PGlite runs in the gateway process: the load generator only');
    assert.equal(unmeasured.ceiling, undefined, 'a simulator apart whose CPU is unknown: no ceiling');
  });

  it('a baseline measured before and after the gateway counts as the mean of both', () => {
    const results = [
      scenario('bare-insert', 'PostgreSQL', 3_000),
      scenario('rest-doWebPayment', 'PostgreSQL', 1_600),
      scenario('bare-insert', 'PostgreSQL', 5_000),
    ];
    applyRatios(results);
    assert.equal(results[1]!.ratios.vsBareInsert, 0.4, '1,600 / mean(3,000, 5,000)');
    applyTargetBudgets(results, 2);
    assert.equal(results[1]!.budget!.targetReqPerSec, 3_200);
  });

  it("a target's budget: the cores over the target rate, less the load generator's CPU, against what was spent", () => {
    const bare = scenario('bare-insert', 'PostgreSQL', 3_000);
    const rest = scenario('rest-doWebPayment', 'PostgreSQL', 1_500);
    rest.cpu = cpu({ server: 0.45, postgres: 0.33, loadGenerator: 0.08 });
    const soapLite = scenario('soap-doWebPayment', 'PGlite', 500);
    const details = scenario('soap-getWebPaymentDetails', 'PostgreSQL', 1_500);
    applyTargetBudgets([bare, rest, soapLite, details], 2);
    assert.equal(rest.budget!.targetReqPerSec, 2_400, 'x0.8 of the bare INSERT on its database');
    assert.equal(rest.budget!.machineMs.toFixed(4), '0.7533', '2 cores / 2,400 req/s = 0.8333 ms, less 0.08');
    assert.equal(rest.budget!.gatewayCoreMs.toFixed(4), '0.4167');
    assert.deepEqual(rest.budget!.spentMs, { server: 0.45, postgres: 0.33 });
    assert.equal(soapLite.budget, undefined, 'no bare INSERT measured on PGlite: no budget');
    assert.equal(details.budget, undefined, 'no target against the bare INSERT');
  });

  it('BENCH_SIMULATOR: both by default, one of them, or a clear refusal', () => {
    assert.deepEqual(loadBenchSettings({}).simulators, ['embedded', 'process']);
    assert.deepEqual(loadBenchSettings({ BENCH_SIMULATOR: 'process' }).simulators, ['process']);
    assert.deepEqual(loadBenchSettings({ BENCH_SIMULATOR: 'embedded' }).simulators, ['embedded']);
    assert.throws(() => loadBenchSettings({ BENCH_SIMULATOR: 'apart' }), /BENCH_SIMULATOR=apart: expected both/);
  });
});
