'use client';
// A chart over time with uPlot (small and fast: thousands of points redraw in a few ms),
// hover shows the values in the legend. uPlot touches the DOM, so it is loaded in the browser only.
import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  color: string;
  values: (number | null)[];
}

export function TimeChart({ title, times, series, format }: { title: string; times: number[]; series: Series[]; format?: (v: number) => string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef({ times, series });
  latest.current = { times, series };
  const labels = series.map((s) => s.label).join('|');
  // One point would stretch the time axis over years: the chart starts with the second.
  const ready = times.length >= 2;

  useEffect(() => {
    let disposed = false;
    if (!ready) return;
    void import('uplot').then(({ default: UPlot }) => {
      if (disposed || !box.current) return;
      const { times: t, series: s } = latest.current;
      const value = (_u: uPlot, v: number | null) => (v === null || v === undefined ? '–' : format ? format(v) : String(Math.round(v * 100) / 100));
      chart.current = new UPlot(
        {
          width: box.current.clientWidth || 400,
          height: 120,
          legend: { live: true },
          scales: { x: { time: true } },
          axes: [{}, { size: 60, values: (_u, ticks) => ticks.map((v) => (format ? format(v) : String(v))) }],
          series: [{}, ...s.map((x) => ({ label: x.label, stroke: x.color, width: 1.5, value }))],
        },
        [t, ...s.map((x) => x.values)] as uPlot.AlignedData,
        box.current,
      );
    });
    return () => {
      disposed = true;
      chart.current?.destroy();
      chart.current = null;
    };
  }, [labels, format, ready]);

  useEffect(() => {
    chart.current?.setData([times, ...series.map((x) => x.values)] as uPlot.AlignedData);
  }, [times, series]);

  return (
    <figure className="analytics-chart" aria-label={`${title} chart`} style={{ margin: 0 }}>
      <figcaption className="muted small">{title}</figcaption>
      {ready ? <div ref={box} /> : <p className="muted small">Collecting…</p>}
    </figure>
  );
}
