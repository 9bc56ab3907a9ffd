import { AUTO_INSTRUMENTATION_PACKAGES } from './autoInstrumentations';
import { MESSAGING_MODULES } from './messagingClients';
import { instrumentationLibrary } from './sdk';

/** What the modules a file loads tell the messaging rules. */
export interface LoadedModules {
  /** Whether a messaging client library is among them: without one nothing in the file is a client. */
  readonly messaging: boolean;
  /**
   * Libraries the file instruments itself (`new KafkaJsInstrumentation()` set up next to the client),
   * through an instrumentation package or an auto-instrumentations meta-package (or its `/register`).
   */
  readonly instrumented: ReadonlySet<string>;
}

/**
 * Reads the messaging facts off normalized module names, such as `ImportTracker.importedModules()`.
 * @param modules normalized module specifiers the file loads
 */
export function describeLoadedModules(modules: Iterable<string>): LoadedModules {
  let messaging = false;
  const instrumented = new Set<string>();
  for (const module of modules) {
    if (MESSAGING_MODULES.has(module)) messaging = true;
    const library = instrumentationLibrary(module);
    if (library !== undefined) instrumented.add(library);
    for (const name of AUTO_INSTRUMENTATION_PACKAGES.get(module.replace(/\/register$/, '')) ?? []) instrumented.add(name);
  }
  return { messaging, instrumented };
}
