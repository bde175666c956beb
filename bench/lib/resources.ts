/**
 * What a scenario created (redis-server, schema, temp dirs, child processes), released in reverse
 * order when the scenario ends, fails, or the bench is interrupted (Ctrl-C).
 */

interface Release {
  what: string;
  fn: () => Promise<void> | void;
}

const active = new Set<Resources>();

export class Resources {
  private readonly releases: Release[] = [];

  constructor(readonly name: string) {
    active.add(this);
  }

  /** Registers a clean-up step; returns the value for chaining. */
  add<T>(value: T, what: string, fn: () => Promise<void> | void): T {
    this.releases.push({ what, fn });
    return value;
  }

  async release(): Promise<void> {
    active.delete(this);
    const failures: string[] = [];
    while (this.releases.length > 0) {
      const step = this.releases.pop()!;
      try {
        await step.fn();
      } catch (error) {
        failures.push(`${step.what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0) console.error(`[${this.name}] clean-up problems:\n  ${failures.join('\n  ')}`);
  }
}

let interrupted = false;

/** True once Ctrl-C or SIGTERM arrived; the bench then only cleans up and exits. */
export const isInterrupted = (): boolean => interrupted;

/** On Ctrl-C or SIGTERM: release everything still held, then exit. */
export function releaseOnSignals(): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: cleaning up…`);
    void Promise.allSettled([...active].map((r) => r.release())).then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Runs fn with a fresh Resources and always releases it. */
export async function withResources<T>(name: string, fn: (resources: Resources) => Promise<T>): Promise<T> {
  const resources = new Resources(name);
  try {
    return await fn(resources);
  } finally {
    await resources.release();
  }
}
