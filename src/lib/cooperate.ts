/*
 * Long loops over an upload (thousands of CSV lines, a sheet's rows, an import plan) share the
 * one event loop with every other request and with /healthz. `slicer()` gives a loop a
 * `pause()` to await at each step: it returns at once until the loop has run for `budgetMs`,
 * then gives the event loop a turn (setImmediate lets waiting I/O run first, which a resolved
 * promise or process.nextTick would not).
 */
export function slicer(budgetMs = 20): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < budgetMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        since = performance.now();
        resolve();
      }),
    );
  };
}

