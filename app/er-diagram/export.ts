// The diagram as a file: the SVG as it is drawn (its colours are attributes, not page
// styles, so the file looks the same anywhere), or a PNG rendered from it at 2×.
function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The whole diagram (not the panned view), as standalone SVG text. */
export function svgText(svg: SVGSVGElement, width: number, height: number): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(Math.ceil(width)));
  copy.setAttribute('height', String(Math.ceil(height)));
  copy.setAttribute('viewBox', `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`);
  copy.querySelector('[data-viewport]')?.removeAttribute('transform');
  return new XMLSerializer().serializeToString(copy);
}

export function exportSvg(svg: SVGSVGElement, width: number, height: number, name: string): void {
  download(new Blob([svgText(svg, width, height)], { type: 'image/svg+xml' }), `${name}.svg`);
}

export async function exportPng(svg: SVGSVGElement, width: number, height: number, name: string): Promise<void> {
  const url = URL.createObjectURL(new Blob([svgText(svg, width, height)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    // Browsers cap canvases around 16k pixels a side: big diagrams are scaled down to fit.
    const scale = Math.min(2, 16000 / Math.max(width, height));
    const canvas = Object.assign(document.createElement('canvas'), { width: Math.ceil(width * scale), height: Math.ceil(height * scale) });
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (blob) download(blob, `${name}.png`);
  } finally {
    URL.revokeObjectURL(url);
  }
}
