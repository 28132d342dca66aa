// A drag (a resizer's edge): `move` gets every pointer move until the button is released.
export function followPointer(move: (event: PointerEvent) => void): void {
  const up = () => {
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', up);
  };
  window.addEventListener('pointermove', move);
  window.addEventListener('pointerup', up);
}
