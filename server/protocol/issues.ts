// Validation problems as "path: problem" lines a person can act on; used for every
// inbound message the server refuses and for an answer the UI cannot read.
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
