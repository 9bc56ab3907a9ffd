/** When the server lints: the quiet periods it waits for, shared with the benchmark that reports them. */

/** Quiet period after an edit before the document is linted again. */
export const LINT_DELAY_MS = 150;

/**
 * Quiet period after an incremental lint before the whole file is linted again, which settles what rules
 * reasoning over the whole file say. Longer than the gap between keystrokes, so it runs once typing pauses.
 */
export const RECONCILE_DELAY_MS = 350;
