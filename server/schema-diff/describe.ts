// One line of text per model object: what the diff shows side by side, and the signature
// two objects are compared by (same text = same object).
import type { ModelCheck, ModelColumn, ModelEnum, ModelForeignKey, ModelIndex, ModelKey, ModelSequence } from '../protocol/index.ts';

export function columnText(column: ModelColumn): string {
  return [
    column.type,
    column.nullable ? 'NULL' : 'NOT NULL',
    column.default === null ? '' : `DEFAULT ${column.default}`,
    column.identity === null ? '' : column.identity.toUpperCase(),
  ].filter(Boolean).join(' ');
}

export const keyText = (key: ModelKey): string => `${key.name ? `${key.name} ` : ''}(${key.columns.join(', ')})`;

export const indexText = (index: ModelIndex): string => `${index.unique ? 'UNIQUE ' : ''}${index.definition}`;

export const foreignKeyText = (key: ModelForeignKey): string =>
  `${key.name ? `${key.name} ` : ''}(${key.columns.join(', ')}) → ${key.refTable} (${key.refColumns.join(', ')})` +
  `${key.onDelete === 'NO ACTION' ? '' : ` ON DELETE ${key.onDelete}`}${key.onUpdate === 'NO ACTION' ? '' : ` ON UPDATE ${key.onUpdate}`}`;

export const checkText = (check: ModelCheck): string => `${check.name ? `${check.name} ` : ''}${check.definition}`;

export const enumText = (value: ModelEnum): string => value.values.map((v) => `'${v}'`).join(', ');

export const sequenceText = (s: ModelSequence): string =>
  `${s.type} START ${s.start} INCREMENT ${s.increment} MIN ${s.min} MAX ${s.max}${s.cycle ? ' CYCLE' : ''}`;

/** Whitespace runs as one space: view texts compared regardless of layout. */
export const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
