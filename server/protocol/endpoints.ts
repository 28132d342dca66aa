// Paths of the websocket endpoints, named once for server routing and browser clients.
export const WS_PATHS = {
  app: '/ws/app',
  logs: '/ws/logs',
  query: '/ws/query',
  terminal: '/ws/terminal',
} as const;
export type WsPath = (typeof WS_PATHS)[keyof typeof WS_PATHS];
