// The life of one driver process: it gives up with exit code 2 after 20 s, and it finishes by
// flushing its spans to the harness's receiver before exiting with 0.

/** Starts the 20 s give-up timer of the process named `label`; returns `finish(provider)`. */
export function startDeadline(label) {
  const timeout = setTimeout(() => {
    console.error(`${label} gave up after 20 s`);
    process.exit(2);
  }, 20_000);
  return async function finish(provider) {
    await provider?.forceFlush();
    clearTimeout(timeout);
    process.exit(0);
  };
}
