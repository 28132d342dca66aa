// What the desktop app is called and where it comes from — shared by the main process,
// the bundler (the app's package.json) and the electron-builder configuration.
// HOMEPAGE and MAINTAINER are placeholders until the project has a public home; override
// them when packaging (DB_TOOLKIT_HOMEPAGE, DB_TOOLKIT_MAINTAINER="Name <email>").
export const PRODUCT_NAME = 'DB Toolkit';
export const APP_ID = 'io.dbtoolkit.desktop';
/** The executable and Linux package name. */
export const EXECUTABLE_NAME = 'db-toolkit';
export const HOMEPAGE = process.env.DB_TOOLKIT_HOMEPAGE ?? 'https://db-toolkit.invalid/';
export const MAINTAINER = process.env.DB_TOOLKIT_MAINTAINER ?? 'DB Toolkit maintainers <maintainers@db-toolkit.invalid>';
