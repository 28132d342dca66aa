'use client';
// The diagram itself: an SVG of table boxes and foreign-key edges, panned by dragging and
// zoomed with the wheel (around the pointer). Colours are attributes so exports keep them.
// Panning only moves one transform (the boxes are memoised); zoomed far out, boxes show
// their names only — columns would be unreadable there, and hundreds of tables draw fast.
import { forwardRef, memo, useRef, useState, type PointerEvent, type WheelEvent } from 'react';
import type { ModelTable } from '../../server/protocol/index.ts';
import { columnLine, HEADER, LINE, type Layout } from './er-layout.ts';

interface Props {
  layout: Layout;
  tables: Map<string, ModelTable>;
  onOpen: (table: string) => void;
}

/** Below this zoom, columns are not drawn. */
const DETAIL_SCALE = 0.45;
const COLORS = { box: '#ffffff', border: '#9aa3b2', header: '#2f6fed', headerText: '#ffffff', text: '#1d2129', muted: '#667085', key: '#c27c0e', edge: '#7d8796' };

/** `fullDetail`: columns at any zoom (while exporting). */
export const Diagram = forwardRef<SVGSVGElement, Props & { fullDetail: boolean }>(function Diagram({ layout, tables, onOpen, fullDetail }, ref) {
  const [view, setView] = useState(() => ({ x: 20, y: 20, scale: Math.min(1, 1200 / Math.max(1, layout.width)) }));
  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);

  function onWheel(event: WheelEvent<SVGSVGElement>) {
    const rect = event.currentTarget.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const py = event.clientY - rect.top;
    setView((v) => {
      const scale = Math.min(4, Math.max(0.05, v.scale * Math.exp(-event.deltaY * 0.0015)));
      return { scale, x: px - ((px - v.x) * scale) / v.scale, y: py - ((py - v.y) * scale) / v.scale };
    });
  }
  function onPointerDown(event: PointerEvent<SVGSVGElement>) {
    drag.current = { x: event.clientX, y: event.clientY, moved: false };
  }
  function onPointerMove(event: PointerEvent<SVGSVGElement>) {
    const start = drag.current;
    if (!start || event.buttons !== 1) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    if (!start.moved && Math.hypot(dx, dy) < 4) return;
    if (!start.moved) event.currentTarget.setPointerCapture(event.pointerId);
    start.moved = true;
    drag.current = { x: event.clientX, y: event.clientY, moved: true };
    setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
  }

  return (
    <svg
      ref={ref}
      width="100%"
      height="100%"
      role="img"
      aria-label="ER diagram"
      fontFamily="ui-monospace, Menlo, Consolas, monospace"
      fontSize="12"
      style={{ cursor: drag.current?.moved ? 'grabbing' : 'grab', touchAction: 'none', userSelect: 'none' }}
      onWheel={onWheel}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => setTimeout(() => (drag.current = null))}
    >
      <defs>
        <marker id="er-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill={COLORS.edge} />
        </marker>
      </defs>
      <g data-viewport transform={`translate(${view.x} ${view.y}) scale(${view.scale})`}>
        <Content layout={layout} tables={tables} onOpen={onOpen} detail={view.scale >= DETAIL_SCALE || fullDetail} dragging={drag} />
      </g>
    </svg>
  );
});

const Content = memo(function Content({ layout, tables, onOpen, detail, dragging }: Props & { detail: boolean; dragging: { current: { moved: boolean } | null } }) {
  return (
    <>
      {layout.edges.map((edge) => (
        <polyline key={edge.id} data-edge={`${edge.from}→${edge.to}`} points={edge.points.map((p) => `${p.x},${p.y}`).join(' ')} fill="none" stroke={COLORS.edge} strokeWidth="1.2" markerEnd="url(#er-arrow)" />
      ))}
      {layout.boxes.map((box) => {
        const table = tables.get(box.id);
        if (!table) return null;
        return (
          <g
            key={box.id}
            data-table={box.id}
            transform={`translate(${box.x} ${box.y})`}
            style={{ cursor: 'pointer' }}
            onClick={() => !dragging.current?.moved && onOpen(box.id)}
          >
            <title>{`${box.id} — click for its structure and data`}</title>
            <rect width={box.width} height={box.height} rx="4" fill={COLORS.box} stroke={COLORS.border} />
            <path d={`M0 4 a4 4 0 0 1 4 -4 h${box.width - 8} a4 4 0 0 1 4 4 v${HEADER - 4} h-${box.width} z`} fill={COLORS.header} />
            <text x="8" y="17" fill={COLORS.headerText} fontWeight="600">{box.id}</text>
            {detail && table.columns.map((column, i) => {
              const line = columnLine(table, column);
              const y = HEADER + LINE * i + 13;
              return (
                <g key={column.name}>
                  <text x="8" y={y} fill={line.marks ? COLORS.key : COLORS.text} fontWeight={line.marks.includes('PK') ? '600' : '400'}>
                    {line.name}
                    {line.marks && <tspan fill={COLORS.key} fontSize="10">{` ${line.marks}`}</tspan>}
                  </text>
                  <text x={box.width - 8} y={y} textAnchor="end" fill={COLORS.muted}>{line.type}</text>
                </g>
              );
            })}
          </g>
        );
      })}
    </>
  );
});
