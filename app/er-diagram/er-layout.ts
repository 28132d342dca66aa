// The ER diagram's geometry: each table a box (a header line and a line per column, as wide
// as its longest text), each foreign key an edge, laid out by elkjs (layered, left to
// right). Plain module: the worker (er-layout.worker.ts) and the tests run it.
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { ModelTable, SchemaModel } from '../../server/protocol/index.ts';

export const HEADER = 26;
export const LINE = 18;
export const CHAR = 7;
const PADDING = 24;

export interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Edge {
  id: string;
  from: string;
  to: string;
  points: { x: number; y: number }[];
}

export interface Layout {
  boxes: Box[];
  edges: Edge[];
  width: number;
  height: number;
}

/** A column's line: "name  type" with its key marks. */
export function columnLine(table: ModelTable, column: ModelTable['columns'][number]): { marks: string; name: string; type: string } {
  const pk = table.primaryKey?.columns.includes(column.name) ? 'PK' : '';
  const fk = table.foreignKeys.some((f) => f.columns.includes(column.name)) ? 'FK' : '';
  return { marks: [pk, fk].filter(Boolean).join(' '), name: column.name, type: column.type };
}

export function boxSize(table: ModelTable): { width: number; height: number } {
  const longest = Math.max(table.name.length + 2, ...table.columns.map((c) => columnLine(table, c)).map((l) => l.marks.length + l.name.length + l.type.length + 4));
  return { width: Math.min(420, Math.max(140, longest * CHAR + PADDING)), height: HEADER + Math.max(1, table.columns.length) * LINE + 6 };
}

export function elkGraph(model: SchemaModel): ElkNode {
  const names = new Set(model.tables.map((t) => t.name));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'POLYLINE',
      'elk.spacing.nodeNode': '30',
      'elk.layered.spacing.nodeNodeBetweenLayers': '60',
      'elk.separateConnectedComponents': 'true',
      'elk.spacing.componentComponent': '40',
      'elk.aspectRatio': '1.6',
      // The cheapest layering and placement, and one pass of crossing reduction: hundreds of
      // tables stay quick (300 tables: about half the time of network-simplex layering with
      // linear-segment placement, measured in Node at equal load).
      'elk.layered.layering.strategy': 'LONGEST_PATH',
      'elk.layered.nodePlacement.strategy': 'SIMPLE',
      'elk.layered.thoroughness': '1',
    },
    children: model.tables.map((t) => ({ id: t.name, ...boxSize(t) })),
    edges: model.tables.flatMap((t) =>
      t.foreignKeys
        .filter((f) => names.has(f.refTable))
        .map((f, i) => ({ id: `${t.name}→${f.refTable}#${i}`, sources: [t.name], targets: [f.refTable] })),
    ),
  };
}

/** elkjs's answer as boxes and edge polylines. */
export function fromElk(result: ElkNode): Layout {
  const boxes = (result.children ?? []).map((n) => ({ id: n.id, x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 }));
  const edges = (result.edges ?? []).map((e) => ({
    id: e.id,
    from: e.sources[0]!,
    to: e.targets[0]!,
    points: (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]),
  }));
  return { boxes, edges, width: result.width ?? 0, height: result.height ?? 0 };
}

/** A made-up schema of 60 tables in groups joined by foreign keys: what the worker lays out first, to warm elkjs up. */
export function warmUpModel(): SchemaModel {
  const column = (name: string) => ({ name, type: 'integer', nullable: false, default: null, identity: null });
  const tables = Array.from({ length: 60 }, (_, i): ModelTable => ({
    name: `t${i}`,
    columns: ['id', 'name', 'parent_id'].map(column),
    primaryKey: { name: null, columns: ['id'] },
    uniques: [],
    indexes: [],
    foreignKeys: i % 5 ? [{ name: null, columns: ['parent_id'], refTable: `t${i - 1}`, refColumns: ['id'], onDelete: 'NO ACTION', onUpdate: 'NO ACTION' }] : [],
    checks: [],
  }));
  return { engine: 'sqlite', schema: 'warm-up', tables, views: [], enums: [], sequences: [] };
}
