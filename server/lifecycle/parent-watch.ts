// The server must not outlive whatever started it (the desktop shell, a test, npm). When
// that process dies, even by SIGKILL, we are re-parented: our ppid changes (or, on
// Windows, where ppid never changes, the old parent no longer exists). An IPC channel
// closing (fork / utilityProcess) says the same sooner.
const POLL_MS = 1000;

export function watchParent(onParentGone: (how: string) => void): () => void {
  const originalParent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== originalParent) return onParentGone(`parent ${originalParent} exited (re-parented to ${process.ppid})`);
    try {
      process.kill(originalParent, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') onParentGone(`parent ${originalParent} no longer exists`);
    }
  }, POLL_MS);
  timer.unref();
  const onDisconnect = () => onParentGone('IPC channel to the parent closed');
  if (process.connected) process.once('disconnect', onDisconnect);
  return () => {
    clearInterval(timer);
    process.off('disconnect', onDisconnect);
  };
}
