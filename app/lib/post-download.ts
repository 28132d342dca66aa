// A download started by a form post: the browser streams the response straight to a file,
// where fetch() would hold the whole export in memory first.
export function postDownload(action: string, fields: Record<string, string | undefined>): void {
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = action;
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
  form.remove();
}
