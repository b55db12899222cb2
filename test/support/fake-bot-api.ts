import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Chat, Message, Update, UserFromGetMe } from "grammy/types";

// biome-ignore lint/suspicious/noExplicitAny: Bot API parameters are checked field by field in tests
export type Params = Record<string, any>;

export interface RecordedCall {
  method: string;
  params: Params;
  /** Date.now() when the request arrived. */
  time: number;
  /** What the fake answered: "ok", a Bot API error code, or "dropped" (connection closed). */
  outcome: "ok" | number | "dropped";
  /** The `result` of a successful answer, e.g. the sent message with its message_id. */
  result?: unknown;
}

export type Fault =
  | { kind: "error"; errorCode: number; description: string; parameters?: { retry_after?: number } }
  | { kind: "drop-connection" }
  /** No answer: the connection is closed after `ms`, or held until the client gives up. */
  | { kind: "hang"; ms?: number };

/** The answers Telegram gives in the situations the bot must survive. */
export const faults = {
  tooManyRequests: (retryAfterSeconds: number): Fault => ({
    kind: "error",
    errorCode: 429,
    description: `Too Many Requests: retry after ${retryAfterSeconds}`,
    parameters: { retry_after: retryAfterSeconds },
  }),
  blocked: (): Fault => ({
    kind: "error",
    errorCode: 403,
    description: "Forbidden: bot was blocked by the user",
  }),
  kicked: (): Fault => ({
    kind: "error",
    errorCode: 403,
    description: "Forbidden: bot was kicked from the group chat",
  }),
  deactivated: (): Fault => ({
    kind: "error",
    errorCode: 403,
    description: "Forbidden: user is deactivated",
  }),
  chatNotFound: (): Fault => ({ kind: "error", errorCode: 400, description: "Bad Request: chat not found" }),
  serverError: (): Fault => ({ kind: "error", errorCode: 500, description: "Internal Server Error" }),
  dropConnection: (): Fault => ({ kind: "drop-connection" }),
  hang: (ms?: number): Fault => ({ kind: "hang", ...(ms === undefined ? {} : { ms }) }),
};

/**
 * Telegram's limits as the fake enforces them: token buckets, because Telegram tolerates short
 * bursts and judges the average.
 */
export interface EnforcedLimits {
  messagesPerSecond: number;
  /** Messages over all chats accepted at once; a fifth of a second's worth unless set. */
  overallBurst?: number;
  privateChatPerSecond: number;
  privateChatBurst: number;
  groupChatPerMinute: number;
  groupChatBurst: number;
}

export const TELEGRAM_LIMITS: EnforcedLimits = {
  messagesPerSecond: 30,
  privateChatPerSecond: 1,
  privateChatBurst: 3,
  groupChatPerMinute: 20,
  groupChatBurst: 3,
};

export interface FakeBotApiOptions {
  /** When set, requests with another token get 401 Unauthorized, as from Telegram. */
  token?: string;
  botInfo?: Partial<UserFromGetMe>;
  /** Answer 429 to messages beyond Telegram's limits (true: `TELEGRAM_LIMITS`). */
  enforceLimits?: boolean | Partial<EnforcedLimits>;
  /** False in benchmarks: hundreds of thousands of calls would be kept in memory for nothing. */
  keepCalls?: boolean;
}

export type MethodHandler = (params: Params) => unknown;

export interface FakeBotApi {
  /** Use as grammY's `apiRoot`, e.g. `new Api(token, { apiRoot: fake.url })`. */
  url: string;
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Successful message sends (sendMessage, sendPhoto, ...), in the order they arrived. */
  sentMessages(): RecordedCall[];
  /** Queues an update for getUpdates; `update_id` is assigned when missing. */
  pushUpdate(update: Omit<Update, "update_id"> & { update_id?: number }): Update;
  /** Queues updates that arrived together: a waiting getUpdates returns them in one batch. */
  pushUpdates(updates: (Omit<Update, "update_id"> & { update_id?: number })[]): Update[];
  /** Answers the next `count` calls (by default of any method but getUpdates) with `fault`. */
  failNext(count: number, fault: Fault, options?: { methods?: string[] }): void;
  /** Answers calls for `chatId` with `fault`, `times` times (default: until cleared). */
  failChat(chatId: number | string, fault: Fault, options?: { times?: number }): void;
  /** Answers calls that match with `fault`, `times` times (default: until cleared); returns its stop. */
  failWhen(
    matches: (method: string, params: Params) => boolean,
    fault: Fault,
    options?: { times?: number },
  ): () => void;
  clearFaults(): void;
  /** Replaces or adds a method; its return value becomes `result`, a thrown Fault an error. */
  handle(method: string, handler: MethodHandler): void;
  enforceLimits(limits: boolean | Partial<EnforcedLimits>): void;
  /** Resolves once `count` recorded calls match, or rejects after `timeoutMs`. */
  waitForCalls(
    predicate: (call: RecordedCall) => boolean,
    options?: { count?: number; timeoutMs?: number },
  ): Promise<RecordedCall[]>;
  close(): Promise<void>;
}

const MESSAGE_METHODS = new Set(
  [
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "sendVoice",
    "sendAudio",
    "sendVideo",
    "sendAnimation",
    "sendVideoNote",
    "sendSticker",
    "sendLocation",
    "sendVenue",
    "sendContact",
    "sendPoll",
    "sendDice",
    "sendMediaGroup",
    "copyMessage",
    "forwardMessage",
  ].map((m) => m.toLowerCase()),
);

export function isMessageMethod(method: string): boolean {
  return MESSAGE_METHODS.has(method.toLowerCase());
}

export function chatIdOf(call: RecordedCall): number | string | undefined {
  const id = call.params.chat_id;
  if (id === undefined) return undefined;
  return typeof id === "string" && /^-?\d+$/.test(id) ? Number(id) : id;
}

/** A local stand-in for api.telegram.org on 127.0.0.1, on a free port. */
export async function startFakeBotApi(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const botInfo = defaultBotInfo(options);
  const calls: RecordedCall[] = [];
  const listeners = new Set<() => void>();
  const handlers = new Map<string, MethodHandler>();
  const matchingFaults: {
    matches: (method: string, params: Params) => boolean;
    fault: Fault;
    remaining: number;
  }[] = [];
  const nextFaults: { fault: Fault; methods?: Set<string> }[] = [];
  const messageIds = new Map<string, number>();
  const updates = createUpdateQueue();
  let limiter = createLimiter(options.enforceLimits ?? false);
  let webhookUrl = "";

  const message = (params: Params, fields: Partial<Message>): Message => {
    const chat = chatFor(params.chat_id);
    const key = String(chat.id);
    const id = (messageIds.get(key) ?? 0) + 1;
    messageIds.set(key, id);
    return {
      message_id: id,
      from: { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username },
      chat,
      date: Math.floor(Date.now() / 1000),
      ...(params.reply_markup ? { reply_markup: params.reply_markup } : {}),
      ...fields,
    } as Message;
  };
  const withCaption = (params: Params) =>
    params.caption === undefined ? {} : { caption: visibleText(params.caption, params.parse_mode) };
  const edited = (params: Params, fields: Partial<Message>) =>
    params.inline_message_id
      ? true
      : {
          ...message(params, fields),
          message_id: Number(params.message_id),
          edit_date: Math.floor(Date.now() / 1000),
        };

  const builtIn: Record<string, MethodHandler> = {
    getme: () => botInfo,
    sendmessage: (p) => message(p, { text: visibleText(p.text, p.parse_mode) }),
    sendphoto: (p) =>
      message(p, {
        photo: [{ file_id: fileId(p.photo), file_unique_id: uniqueId(p.photo), width: 1280, height: 960 }],
        ...withCaption(p),
      }),
    senddocument: (p) =>
      message(p, {
        document: { file_id: fileId(p.document), file_unique_id: uniqueId(p.document) },
        ...withCaption(p),
      }),
    sendvoice: (p) =>
      message(p, {
        voice: { file_id: fileId(p.voice), file_unique_id: uniqueId(p.voice), duration: 3 },
        ...withCaption(p),
      }),
    editmessagetext: (p) => edited(p, { text: visibleText(p.text, p.parse_mode) }),
    editmessagereplymarkup: (p) => edited(p, {}),
    answercallbackquery: () => true,
    setmycommands: () => true,
    setmydescription: () => true,
    setmyshortdescription: () => true,
    sendchataction: () => true,
    deletemessage: () => true,
    setwebhook: (p) => {
      webhookUrl = String(p.url ?? "");
      return true;
    },
    deletewebhook: (p) => {
      webhookUrl = "";
      if (p.drop_pending_updates) updates.dropPending();
      return true;
    },
    getwebhookinfo: () => ({
      url: webhookUrl,
      has_custom_certificate: false,
      pending_update_count: updates.pending(),
    }),
  };

  const findFault = (method: string, params: Params): Fault | undefined => {
    const matching = matchingFaults.find((f) => f.remaining > 0 && f.matches(method, params));
    if (matching) {
      matching.remaining -= 1;
      return matching.fault;
    }
    const index = nextFaults.findIndex((f) =>
      f.methods ? f.methods.has(method.toLowerCase()) : method.toLowerCase() !== "getupdates",
    );
    if (index < 0) return undefined;
    return nextFaults.splice(index, 1)[0]!.fault;
  };

  const record = (call: RecordedCall) => {
    if (options.keepCalls === false) return;
    calls.push(call);
    for (const listener of listeners) listener();
  };

  const answer = async (
    method: string,
    params: Params,
    closed: AbortSignal,
  ): Promise<{ status: number; body: unknown } | "drop"> => {
    const fault = findFault(method, params) ?? limiter.check(method, params.chat_id);
    if (fault?.kind === "hang") {
      await hold(closed, fault.ms);
      return "drop";
    }
    if (fault?.kind === "drop-connection") return "drop";
    if (fault)
      return {
        status: fault.errorCode,
        body: errorBody(fault.errorCode, fault.description, fault.parameters),
      };
    const name = method.toLowerCase();
    if (name === "getupdates") {
      if (webhookUrl) {
        const description =
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
        return { status: 409, body: errorBody(409, description) };
      }
      const polled = await updates.poll(params, closed);
      return polled === "conflict"
        ? { status: 409, body: errorBody(409, "Conflict: terminated by other getUpdates request") }
        : { status: 200, body: { ok: true, result: polled } };
    }
    const handler = handlers.get(name) ?? builtIn[name];
    if (!handler) return { status: 404, body: errorBody(404, "Not Found: method not found") };
    try {
      return { status: 200, body: { ok: true, result: await handler(params) } };
    } catch (error) {
      if (isFault(error) && error.kind === "error") {
        return {
          status: error.errorCode,
          body: errorBody(error.errorCode, error.description, error.parameters),
        };
      }
      throw error;
    }
  };

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(500, `Internal Server Error: ${String(error)}`));
    });
  });

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const match = /^\/bot([^/]+)\/(?:test\/)?([A-Za-z]+)$/.exec(url.pathname);
    if (!match) return sendJson(res, 404, errorBody(404, "Not Found"));
    const [, token, method] = match as unknown as [string, string, string];
    const params = { ...Object.fromEntries(url.searchParams), ...(await readParams(req)) };
    const time = Date.now();
    if (options.token !== undefined && token !== options.token) {
      record({ method, params, time, outcome: 401 });
      return sendJson(res, 401, errorBody(401, "Unauthorized"));
    }
    const closed = new AbortController();
    res.on("close", () => closed.abort());
    const result = await answer(method, params, closed.signal);
    if (result === "drop") {
      record({ method, params, time, outcome: "dropped" });
      req.socket.destroy();
      return;
    }
    const ok = result.status === 200;
    record({
      method,
      params,
      time,
      outcome: ok ? "ok" : result.status,
      ...(ok ? { result: (result.body as { result: unknown }).result } : {}),
    });
    sendJson(res, result.status, result.body);
  };

  // Node closes an idle kept-alive socket after 5 s, racing a client that just reused it: under
  // the benchmark's load that race surfaced as ECONNRESET. The clients' sockets live longer than this.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 61_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const api: FakeBotApi = {
    url: `http://127.0.0.1:${port}`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    sentMessages: () => calls.filter((c) => c.outcome === "ok" && isMessageMethod(c.method)),
    pushUpdate: (update) => updates.push([update])[0]!,
    pushUpdates: (batch) => updates.push(batch),
    failNext(count, fault, failOptions = {}) {
      const methods = failOptions.methods
        ? new Set(failOptions.methods.map((m) => m.toLowerCase()))
        : undefined;
      for (let i = 0; i < count; i++) nextFaults.push({ fault, ...(methods ? { methods } : {}) });
    },
    failChat(chatId, fault, failOptions) {
      api.failWhen((_method, params) => String(params.chat_id) === String(chatId), fault, failOptions);
    },
    failWhen(matches, fault, failOptions = {}) {
      const rule = { matches, fault, remaining: failOptions.times ?? Number.POSITIVE_INFINITY };
      matchingFaults.push(rule);
      return () => {
        const at = matchingFaults.indexOf(rule);
        if (at >= 0) matchingFaults.splice(at, 1);
      };
    },
    clearFaults() {
      matchingFaults.length = 0;
      nextFaults.length = 0;
    },
    handle: (method, handler) => void handlers.set(method.toLowerCase(), handler),
    enforceLimits(limits) {
      limiter = createLimiter(limits);
    },
    waitForCalls(predicate, waitOptions = {}) {
      const { count = 1, timeoutMs = 5_000 } = waitOptions;
      return new Promise((resolve, reject) => {
        const check = () => {
          const matching = calls.filter(predicate);
          if (matching.length < count) return false;
          done();
          resolve(matching);
          return true;
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(
              `Expected ${count} matching Bot API calls within ${timeoutMs} ms, got ${calls.filter(predicate).length}`,
            ),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        if (!check()) listeners.add(check);
      });
    },
    async close() {
      updates.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

/** Resolves after `ms`, or when the client closed the connection. */
function hold(closed: AbortSignal, ms = Number.POSITIVE_INFINITY): Promise<void> {
  return new Promise((resolve) => {
    if (closed.aborted) return resolve();
    const timer = Number.isFinite(ms) ? setTimeout(resolve, ms) : undefined;
    closed.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function isFault(value: unknown): value is Fault {
  return typeof value === "object" && value !== null && "kind" in value;
}

function errorBody(errorCode: number, description: string, parameters?: object) {
  return { ok: false, error_code: errorCode, description, ...(parameters ? { parameters } : {}) };
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function readParams(req: IncomingMessage): Promise<Params> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (body.length === 0) return {};
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json")) return JSON.parse(body.toString("utf8"));
  if (type.includes("application/x-www-form-urlencoded")) {
    return parseFields(new URLSearchParams(body.toString("utf8")).entries());
  }
  if (type.includes("multipart/form-data")) {
    const form = await new Request("http://fake/", {
      method: "POST",
      headers: { "content-type": type },
      body,
    }).formData();
    const params: Params = {};
    for (const [key, value] of form.entries()) {
      params[key] =
        typeof value === "string" ? parseField(value) : { file_name: value.name, size: value.size };
    }
    return params;
  }
  return {};
}

function parseFields(entries: Iterable<[string, string]>): Params {
  const params: Params = {};
  for (const [key, value] of entries) params[key] = parseField(value);
  return params;
}

/** Form fields carry objects as JSON text, as grammY sends them. */
function parseField(value: string): unknown {
  if (!/^[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The bot the fake answers getMe with; the harness presets the same one. */
export function defaultBotInfo(options: FakeBotApiOptions): UserFromGetMe {
  const idFromToken = Number(options.token?.split(":")[0]);
  return {
    id: Number.isFinite(idFromToken) && idFromToken > 0 ? idFromToken : 123456,
    is_bot: true,
    first_name: "Yntymak",
    username: "yntymak_test_bot",
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    ...options.botInfo,
  } as UserFromGetMe;
}

function chatFor(chatId: unknown): Chat {
  if (typeof chatId === "string" && chatId.startsWith("@")) {
    return { id: -1009999999999, type: "channel", title: chatId.slice(1), username: chatId.slice(1) };
  }
  const id = Number(chatId);
  if (id > 0) return { id, type: "private", first_name: `User ${id}` };
  if (String(id).startsWith("-100")) return { id, type: "supergroup", title: `Supergroup ${id}` };
  return { id, type: "group", title: `Group ${id}` };
}

function fileId(input: unknown): string {
  return typeof input === "string" && !input.startsWith("attach://")
    ? input
    : `uploaded-${crypto.randomUUID()}`;
}

function uniqueId(input: unknown): string {
  return `unique-${fileId(input).slice(0, 16)}`;
}

/** The text as the reader sees it, which is what Telegram returns. */
function visibleText(text: unknown, parseMode: unknown): string {
  const raw = String(text ?? "");
  if (parseMode !== "HTML") return raw;
  return raw
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

interface Waiter {
  offset: number;
  limit: number;
  resolve(result: Update[] | "conflict"): void;
}

function createUpdateQueue() {
  let queue: Update[] = [];
  let nextId = 1;
  let waiter: Waiter | undefined;

  const take = (offset: number, limit: number) => {
    queue = queue.filter((u) => u.update_id >= offset);
    return queue.slice(0, limit);
  };
  const settle = (result: Update[] | "conflict") => {
    const current = waiter;
    waiter = undefined;
    current?.resolve(result);
  };

  return {
    push(batch: (Omit<Update, "update_id"> & { update_id?: number })[]): Update[] {
      const full = batch.map((update) => {
        const numbered = { ...update, update_id: update.update_id ?? nextId } as Update;
        nextId = Math.max(nextId, numbered.update_id + 1);
        return numbered;
      });
      queue.push(...full);
      if (waiter) settle(take(waiter.offset, waiter.limit));
      return full;
    },
    /** Long polling; a new poll ends the previous one with 409, as Telegram does. */
    poll(params: Params, clientGone: AbortSignal): Promise<Update[] | "conflict"> {
      const offset = Number(params.offset ?? 0);
      const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
      const timeoutMs = Math.max(0, Number(params.timeout ?? 0)) * 1000;
      settle("conflict");
      const ready = take(offset, limit);
      if (ready.length > 0 || timeoutMs === 0) return Promise.resolve(ready);
      return new Promise((resolve) => {
        const timer = setTimeout(() => settle([]), timeoutMs);
        const own: Waiter = {
          offset,
          limit,
          resolve: (result) => {
            clearTimeout(timer);
            resolve(result);
          },
        };
        waiter = own;
        clientGone.addEventListener("abort", () => {
          if (waiter === own) settle([]);
        });
      });
    },
    pending: () => queue.length,
    dropPending() {
      queue = [];
    },
    close: () => settle([]),
  };
}

interface Bucket {
  /** Milliseconds until a token is free, 0 when one is. */
  waitMs(now: number): number;
  take(now: number): void;
}

function createBucket(capacity: number, perSecond: number): Bucket {
  let tokens = capacity;
  let updatedAt = Date.now();
  const refill = (now: number) => {
    tokens = Math.min(capacity, tokens + ((now - updatedAt) * perSecond) / 1000);
    updatedAt = now;
  };
  return {
    waitMs(now) {
      refill(now);
      return tokens >= 1 ? 0 : ((1 - tokens) * 1000) / perSecond;
    },
    take(now) {
      refill(now);
      tokens -= 1;
    },
  };
}

function createLimiter(setting: boolean | Partial<EnforcedLimits>) {
  if (setting === false)
    return { check: (_method: string, _chatId: unknown): Fault | undefined => undefined };
  const limits = { ...TELEGRAM_LIMITS, ...(setting === true ? {} : setting) };
  const overall = createBucket(
    limits.overallBurst ?? Math.max(1, Math.ceil(limits.messagesPerSecond / 5)),
    limits.messagesPerSecond,
  );
  const chats = new Map<string, Bucket>();
  const bucketOf = (chatId: unknown) => {
    const key = String(chatId);
    let bucket = chats.get(key);
    if (!bucket) {
      bucket = key.startsWith("-")
        ? createBucket(limits.groupChatBurst, limits.groupChatPerMinute / 60)
        : createBucket(limits.privateChatBurst, limits.privateChatPerSecond);
      chats.set(key, bucket);
    }
    return bucket;
  };
  return {
    check(method: string, chatId: unknown): Fault | undefined {
      if (!isMessageMethod(method) || chatId === undefined) return undefined;
      const now = Date.now();
      const chat = bucketOf(chatId);
      const waitMs = Math.max(overall.waitMs(now), chat.waitMs(now));
      if (waitMs > 0) return faults.tooManyRequests(Math.max(1, Math.ceil(waitMs / 1000)));
      overall.take(now);
      chat.take(now);
      return undefined;
    },
  };
}
