import { parentPort, Worker, workerData } from "node:worker_threads";
import { type FakeBotApiOptions, type RecordedCall, startFakeBotApi } from "../test/support/fake-bot-api.js";

/**
 * The fake Bot API on its own thread, as Telegram is on its own servers: in the dispatcher's
 * thread a busy event loop would hold requests back and then let them in together, and the fake
 * would see bursts the dispatcher never sent.
 */
export async function startFakeBotApiThread(options: FakeBotApiOptions) {
  // A thread does not inherit tsx, so it starts in JavaScript and loads this file through tsx.
  const load = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
    .then(({ tsImport }) => tsImport(${JSON.stringify(import.meta.url)}, ${JSON.stringify(import.meta.url)}))`;
  const worker = new Worker(load, { eval: true, workerData: { fakeBotApiOptions: options } });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once("message", (message: { url: string }) => resolve(message.url));
    worker.once("error", reject);
  });
  return {
    url,
    /** Stops the server and hands over every call it recorded. */
    async finish(): Promise<RecordedCall[]> {
      const calls = new Promise<RecordedCall[]>((resolve) => worker.once("message", resolve));
      worker.postMessage("finish");
      const recorded = await calls;
      await worker.terminate();
      return recorded;
    },
  };
}

const threadOptions = (workerData as { fakeBotApiOptions?: FakeBotApiOptions } | null)?.fakeBotApiOptions;
if (parentPort && threadOptions) {
  const port = parentPort;
  const fake = await startFakeBotApi(threadOptions);
  port.postMessage({ url: fake.url });
  port.once("message", async () => {
    await fake.close();
    port.postMessage(fake.calls);
  });
}
