import type { ComponentChildren } from 'preact';

/**
 * Charts drawn on the server as SVG elements: no script, no third-party host, no style
 * attribute (the CSP's style-src 'self'): colours come from classes of admin.css and from SVG
 * presentation attributes. The viewBox scales the drawing to the width of its box, phone or
 * desktop. Each chart is an image to assistive technologies, named by its <title> and
 * described by its <desc>; the figures themselves are in the page's table.
 */

const WIDTH = 480;
const HEIGHT = 220;
const LEFT = 56;
const RIGHT = 8;
const TOP = 12;
const BOTTOM = 28;
const PLOT_W = WIDTH - LEFT - RIGHT;
const PLOT_H = HEIGHT - TOP - BOTTOM;

/** The smallest of 1, 2, 2.5, 5 × 10^k at least `max`: round gridline values. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * magnitude >= max)!;
  return step * magnitude;
}

const round = (n: number) => Math.round(n * 100) / 100;

interface ChartFrame {
  id: string;
  title: string;
  desc: string;
  /** Labels of the days, in order (short dates). */
  labels: string[];
}

/** Axes, gridlines at 0, half and full scale with their labels, and three day labels. */
function Frame({ labels, ticks }: { labels: string[]; ticks: string[] }) {
  const n = labels.length;
  const band = PLOT_W / n;
  const shown = n <= 1 ? [0] : [0, Math.floor((n - 1) / 2), n - 1];
  return (
    <g class="chart-frame">
      {ticks.map((tick, i) => {
        const y = round(TOP + PLOT_H - (PLOT_H * i) / (ticks.length - 1));
        return (
          <g key={i}>
            <line class="chart-grid" x1={LEFT} x2={WIDTH - RIGHT} y1={y} y2={y} stroke="#d5d9e0" stroke-width="1" />
            <text class="chart-tick" x={LEFT - 6} y={y + 4} text-anchor="end" font-size="12" fill="#3d4450">
              {tick}
            </text>
          </g>
        );
      })}
      {shown.map((i, k) => (
        <text
          key={i}
          class="chart-tick"
          x={round(LEFT + i * band + band / 2)}
          y={HEIGHT - 8}
          text-anchor={shown.length === 1 ? 'middle' : k === 0 ? 'start' : k === shown.length - 1 ? 'end' : 'middle'}
          font-size="12"
          fill="#3d4450"
        >
          {labels[i]}
        </text>
      ))}
    </g>
  );
}

function Svg({ id, title, desc, children }: Omit<ChartFrame, 'labels'> & { children: ComponentChildren }) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      class="chart-svg"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      data-testid={id}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      {children}
    </svg>
  );
}

/** One bar a day; each bar's own <title> is its tooltip. */
export function BarChart({
  id,
  title,
  desc,
  labels,
  values,
  tooltips,
  tick,
  tone = 'primary',
}: ChartFrame & {
  values: number[];
  tooltips: string[];
  /** A gridline's value as text (counts, or amounts in minor units). */
  tick(value: number): string;
  tone?: 'primary' | 'money';
}) {
  const max = niceMax(Math.max(0, ...values));
  const band = PLOT_W / values.length;
  const width = Math.max(1, round(band * 0.72));
  return (
    <Svg id={id} title={title} desc={desc}>
      <Frame labels={labels} ticks={[tick(0), tick(max / 2), tick(max)]} />
      <g class={`chart-bars chart-${tone}`} fill={tone === 'money' ? '#1f7a4d' : '#0b5cad'}>
        {values.map((v, i) =>
          v > 0 ? (
            <rect
              key={i}
              x={round(LEFT + i * band + (band - width) / 2)}
              y={round(TOP + PLOT_H - (PLOT_H * v) / max)}
              width={width}
              height={Math.max(0.5, round((PLOT_H * v) / max))}
            >
              <title>{tooltips[i]}</title>
            </rect>
          ) : null,
        )}
      </g>
    </Svg>
  );
}

export interface RateSeries {
  key: string;
  label: string;
  /** 0 to 1 per day; undefined where there is nothing to divide. */
  values: (number | undefined)[];
  colour: string;
}

/** Rates from 0 to 100 %: one line a series, broken on days without a value. */
export function RateChart({
  id,
  title,
  desc,
  labels,
  series,
  percent,
}: ChartFrame & { series: RateSeries[]; percent(rate: number): string }) {
  const band = PLOT_W / labels.length;
  const point = (i: number, v: number) => ({ x: round(LEFT + i * band + band / 2), y: round(TOP + PLOT_H * (1 - v)) });
  return (
    <Svg id={id} title={title} desc={desc}>
      <Frame labels={labels} ticks={[percent(0), percent(0.5), percent(1)]} />
      {series.map((s) => {
        const runs: { x: number; y: number }[][] = [];
        let run: { x: number; y: number }[] = [];
        s.values.forEach((v, i) => {
          if (v === undefined) {
            if (run.length) runs.push(run);
            run = [];
          } else run.push(point(i, v));
        });
        if (run.length) runs.push(run);
        return (
          <g key={s.key} class={`chart-series chart-${s.key}`} stroke={s.colour} fill={s.colour}>
            {runs.map((r, k) =>
              r.length > 1 ? (
                <polyline
                  key={k}
                  points={r.map((p) => `${p.x},${p.y}`).join(' ')}
                  fill="none"
                  stroke-width="2.5"
                  stroke-linejoin="round"
                />
              ) : (
                <circle key={k} cx={r[0]!.x} cy={r[0]!.y} r="3" stroke="none" />
              ),
            )}
          </g>
        );
      })}
    </Svg>
  );
}
