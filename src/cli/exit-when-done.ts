/**
 * A run must end when its work is done. `check --alert` promises to exit within its delivery budget
 * whatever a channel does, and a handle some library leaves open (a socket a mail server never
 * closes, a child that escaped its group) must not keep a cron job alive. Once a command has
 * returned — reports written, deliveries settled, the database closed — the process exits after a
 * short grace if anything still holds it. The timer is unref'd: a clean run exits at once, as before.
 */
export const EXIT_GRACE_MS = 1500;

export function exitWhenDone(graceMs = EXIT_GRACE_MS): void {
  // stdout and stderr are synchronous on Linux for files and pipes: nothing written is lost.
  setTimeout(() => process.exit(), graceMs).unref();
}
