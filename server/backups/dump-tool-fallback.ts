// A dump tool that is not installed, and what a backup does then: engines whose tool is
// missing write DB Toolkit's built-in logical dump instead, and the job's log says why.
import { AppError } from '../errors.ts';
import type { JobContext } from '../jobs/job.ts';

/** A dump or restore tool is not installed (or none new enough); the message names the package. */
export class ToolMissingError extends AppError {
  constructor(message: string) {
    super('tool_missing', message, 400);
  }
}

/** The tool, or null (with the reason logged) when none is installed: the built-in dump is used then. */
export function toolOrFallback<T extends { path: string; version: string }>(find: () => T, job: JobContext): T | null {
  try {
    const tool = find();
    job.log(`Using ${tool.path} (${tool.version}).`);
    return tool;
  } catch (error) {
    if (!(error instanceof ToolMissingError)) throw error;
    job.log(`${error.message} Writing DB Toolkit's built-in logical dump instead.`, 'warn');
    return null;
  }
}
