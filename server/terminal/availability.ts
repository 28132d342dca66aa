// Whether this server may offer a terminal at all, and if not, why — in the user's words.
export interface TerminalAvailability {
  enabled: boolean;
  reason?: string;
}

export function terminalAvailability(loopbackOnly: boolean, platform: NodeJS.Platform): TerminalAvailability {
  if (!loopbackOnly) {
    return {
      enabled: false,
      reason: 'The terminal is disabled because the server listens beyond localhost (started with --host). Restart it without --host to use the terminal.',
    };
  }
  if (platform === 'win32') return { enabled: false, reason: 'The terminal is available on macOS and Linux only.' };
  return { enabled: true };
}
