/**
 * The functions a sampling CPU profile spent its busy time in: self time (the function's own code) and inclusive
 * time (with everything it called, each function counted once per sample however deep it recurses), as shares of
 * the busy samples. Paths are shortened to `nm/<package>/…` and `src/…`.
 */
import type { Profiler } from 'node:inspector/promises';

export interface TopFunctions {
  busyMs: number;
  idleMs: number;
  self: [name: string, share: number][];
  inclusive: [name: string, share: number][];
}

const IDLE = new Set(['(idle)']);

function nameOf(frame: Profiler.ProfileNode['callFrame']): string {
  const path = frame.url.replace(/^file:\/\//, '');
  const url = path.includes('/node_modules/')
    ? path.replace(/.*\/node_modules\//, 'nm/')
    : path.replace(/.*?\/(src|bench|test)\//, '$1/');
  const name = frame.functionName || '(anonymous)';
  return url ? `${name} ${url}:${frame.lineNumber + 1}` : name;
}

export function topFunctions(profile: Profiler.Profile, n: number): TopFunctions {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busyMs = 0;
  let idleMs = 0;
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    // A sample's time is the delta to the next one.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const node = byId.get(id)!;
    if (IDLE.has(node.callFrame.functionName)) {
      idleMs += ms;
      return;
    }
    busyMs += ms;
    const own = nameOf(node.callFrame);
    self.set(own, (self.get(own) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = nameOf(byId.get(at)!.callFrame);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  });
  const top = (m: Map<string, number>): [string, number][] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => [name, busyMs > 0 ? ms / busyMs : 0]);
  inclusive.delete('(root)');
  return { busyMs, idleMs, self: top(self), inclusive: top(inclusive) };
}
