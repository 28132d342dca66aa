// Where a worker's entry file is: next to the TypeScript source when the server runs from
// source (dev, tests), or as a bundle beside the calling chunk in a build (scripts/build.ts
// bundles every server/**/<name>.worker.ts as chunks/<name>.worker.mjs).
export function workerUrl(name: string, callerUrl: string): URL {
  return callerUrl.endsWith('.ts') ? new URL(`./${name}.worker.ts`, callerUrl) : new URL(`./${name}.worker.mjs`, callerUrl);
}
