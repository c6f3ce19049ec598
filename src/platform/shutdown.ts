/**
 * What a process started, undone in reverse order at shutdown (or when a later start step fails):
 * each step awaited before the next, and a failing step does not keep the ones after it from
 * running (the first failure is thrown once all have run).
 */
export class ShutdownSteps {
  private readonly steps: { readonly name: string; readonly run: () => Promise<void> | void }[] = [];

  /** Adds the undo of something just started; it runs before everything added earlier. */
  add(name: string, run: () => Promise<void> | void): void {
    this.steps.push({ name, run });
  }

  /** The steps' names in the order `run` takes them (last added first). */
  get order(): readonly string[] {
    return this.steps.map((s) => s.name).reverse();
  }

  /** Runs every step once, last added first; later calls do nothing. */
  async run(): Promise<void> {
    let failure: unknown = null;
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.run();
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure !== null) throw failure;
  }
}
