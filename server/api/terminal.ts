// GET /api/terminal: whether the terminal is available here and the live sessions, so the
// Terminal page rebuilds its tabs after a reload (the list lives on the server, not in the
// browser: the desktop app's origin changes between launches).
import { routes } from '../protocol/index.ts';
import type { TerminalAvailability } from '../terminal/availability.ts';
import type { TerminalSessions } from '../terminal/sessions.ts';
import type { ApiRouter } from './router.ts';

export function registerTerminalRoutes(router: ApiRouter, sessions: TerminalSessions, availability: TerminalAvailability): void {
  router.on(routes.terminal, () => ({
    ...availability,
    sessions: availability.enabled ? sessions.list() : [],
  }));
}
