// Waiting on work that does not listen to an AbortSignal, for no longer than the signal allows.

/** Settles as `work` does, or rejects with the signal's reason once it fires (the work itself goes on). */
export function untilAborted<T>(work: PromiseLike<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).then(() => signal.removeEventListener('abort', stop));
  });
}
