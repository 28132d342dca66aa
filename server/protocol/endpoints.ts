// Paths of the websocket endpoints, named once for server routing and browser clients.
export const WS_PATHS = {
  app: '/ws/app',
  logs: '/ws/logs',
  query: '/ws/query',
  terminal: '/ws/terminal',
  backups: '/ws/backups',
  analytics: '/ws/analytics',
  migrator: '/ws/migrator',
  /** Test only: exists when the server runs with DB_TOOLKIT_TEST_JOBS=1 (README, "Jobs"). */
  testJobs: '/ws/test-jobs',
} as const;
export type WsPath = (typeof WS_PATHS)[keyof typeof WS_PATHS];
