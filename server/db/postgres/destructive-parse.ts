// PostgreSQL's parse guard: pgsql-ast-parser reads the statement, including data-modifying
// CTEs (`WITH x AS (DELETE FROM t RETURNING *) SELECT …`) and `UPDATE … FROM`.
import { parse } from 'pgsql-ast-parser';
import { REASONS, walk, type ParseGuard } from '../../query/parse-guard.ts';

export const postgresParseGuard: ParseGuard = (statement) => {
  let tree: unknown;
  try {
    tree = parse(statement);
  } catch {
    return null;
  }
  const reasons = new Set<string>();
  // Statements are told from other nodes of the same type (`FOR UPDATE` is {type: 'update'}) by their parts.
  walk(tree, (node) => {
    if (node.type === 'delete' && node.from && !node.where) reasons.add(REASONS.deleteAll);
    else if (node.type === 'update' && Array.isArray(node.sets) && !node.where) reasons.add(REASONS.updateAll);
    else if (node.type === 'truncate table') reasons.add(REASONS.truncate);
    else if (node.type === 'drop table') reasons.add(REASONS.dropTable);
    else if (node.type === 'drop view' || node.type === 'drop materialized view') reasons.add(REASONS.dropView);
    else if (node.type === 'alter table' && Array.isArray(node.changes) && node.changes.some((c: { type?: string }) => c.type === 'drop column')) reasons.add(REASONS.dropColumn);
  });
  return [...reasons];
};
