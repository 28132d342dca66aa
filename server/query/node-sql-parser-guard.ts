// The parse guard over a node-sql-parser tree (MySQL / MariaDB and SQLite builds): the
// engines' homes pick the build and the grammar.
import { REASONS, walk, type ParseGuard } from './parse-guard.ts';

interface Parser {
  astify(sql: string, options: { database: string }): unknown;
}

export function nodeSqlParserGuard(parser: Parser, database: string): ParseGuard {
  return (statement) => {
    let tree: unknown;
    try {
      tree = parser.astify(statement, { database });
    } catch {
      return null;
    }
    const reasons = new Set<string>();
    // Statements are told from other nodes of the same type by their parts.
    walk(tree, (node) => {
      if (node.type === 'delete' && 'from' in node && !node.where) reasons.add(REASONS.deleteAll);
      else if (node.type === 'update' && Array.isArray(node.set) && !node.where) reasons.add(REASONS.updateAll);
      else if (node.type === 'truncate') reasons.add(REASONS.truncate);
      else if (node.type === 'drop' && node.keyword === 'table') reasons.add(REASONS.dropTable);
      else if (node.type === 'drop' && node.keyword === 'view') reasons.add(REASONS.dropView);
      else if (node.type === 'drop' && node.keyword === 'database') reasons.add(REASONS.dropDatabase);
      else if (node.type === 'drop' && node.keyword === 'schema') reasons.add(REASONS.dropSchema);
      else if (node.type === 'alter' && Array.isArray(node.expr) && node.expr.some((e: { action?: string; resource?: string }) => e.action === 'drop' && e.resource === 'column')) reasons.add(REASONS.dropColumn);
    });
    return [...reasons];
  };
}
