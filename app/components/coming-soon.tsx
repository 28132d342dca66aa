// Placeholder for a section whose feature has not landed in this build yet.
export function ComingSoon({ title, what }: { title: string; what: string }) {
  return (
    <section className="page">
      <header className="page-header">
        <h1>{title}</h1>
      </header>
      <div className="empty-state">
        <p className="empty-title">Coming in this build</p>
        <p className="muted">{what}</p>
      </div>
    </section>
  );
}
