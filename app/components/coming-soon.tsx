// Placeholder for a section whose feature is not in this version: says what it will do,
// and nothing about when.
export function ComingSoon({ title, what }: { title: string; what: string }) {
  return (
    <section className="page">
      <header className="page-header">
        <h1>{title}</h1>
      </header>
      <div className="empty-state">
        <p className="empty-title">Not available in this version</p>
        <p className="muted">{what}</p>
      </div>
    </section>
  );
}
