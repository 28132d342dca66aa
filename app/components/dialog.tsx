'use client';
// A modal dialog on the native <dialog> element (focus trap, Escape to close, backdrop).
import { useEffect, useRef, type ReactNode } from 'react';

export function Dialog({ open, title, onClose, children, wide, ...data }: { open: boolean; title: string; onClose: () => void; children: ReactNode; wide?: boolean; [data: `data-${string}`]: boolean | string | undefined }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // showModal focuses the first focusable element (the × button); React's autoFocus ran before it.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className={wide ? 'dialog dialog-wide' : 'dialog'} onClose={onClose} aria-label={title} {...data}>
      <header className="dialog-header">
        <h2>{title}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close">×</button>
      </header>
      {open && children}
    </dialog>
  );
}
