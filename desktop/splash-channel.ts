/** The one message the splash window receives: a status line to show. */
export const SPLASH_STATUS = 'db-toolkit:splash-status';
