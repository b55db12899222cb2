import { Composer, Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { describe, expect, it } from "vitest";
import { FeatureComposer } from "../../src/bot/composer.js";
import { person, press, text } from "../support/updates.js";

const me = { id: 1, is_bot: true, first_name: "Bot", username: "bot" } as UserFromGetMe;
const contextOf = (update: Update) => new Context(update, undefined as never, me);

/** What ran, in order, for `update` through `composer`, and whether the update came out at the end. */
async function trace(build: (composer: Composer<Context>, ran: string[]) => void, update: Update) {
  const ran: string[] = [];
  const composer = new FeatureComposer<Context>();
  build(composer, ran);
  await composer.middleware()(contextOf(update), async () => {
    ran.push("after");
  });
  return ran;
}

const who = person(5, "en");

describe("FeatureComposer", () => {
  it("runs middleware in order and stops where one does not call next", async () => {
    const ran = await trace(
      (c, ran) => {
        c.use(async (_ctx, next) => {
          ran.push("first");
          await next();
          ran.push("first again");
        });
        c.command("start", () => void ran.push("start"));
        c.on("message:text", () => void ran.push("text"));
        c.use(() => void ran.push("never"));
      },
      text(who, "hello"),
    );
    expect(ran).toEqual(["first", "text", "first again"]);
  });

  it("passes an update no handler takes to what follows", async () => {
    const ran = await trace(
      (c, ran) => {
        c.command("start", () => void ran.push("start"));
        c.callbackQuery(/^x\|/, () => void ran.push("x"));
      },
      press(who, "y|1"),
    );
    expect(ran).toEqual(["after"]);
  });

  it("sets the match of a callback query for its handler", async () => {
    const ran = await trace(
      (c, ran) => {
        c.callbackQuery(/^x\|(\d+)$/, (ctx) => void ran.push(`x ${ctx.match[1]}`));
      },
      press(who, "x|42"),
    );
    expect(ran).toEqual(["x 42"]);
  });

  it("takes middleware added to a filtered composer after it was declared", async () => {
    const ran = await trace(
      (c, ran) => {
        const inPrivate = c.chatType("private");
        c.use(() => void ran.push("outside"));
        inPrivate.use(async (_ctx, next) => {
          ran.push("added later");
          await next();
        });
      },
      text(who, "hello"),
    );
    expect(ran).toEqual(["added later", "outside"]);
  });

  it("branches on a predicate that answers later, and on plain grammY composers inside", async () => {
    const inner = new Composer<Context>();
    const ran = await trace(
      (c, ran) => {
        c.branch(
          async (ctx) => ctx.message?.text === "yes",
          [inner, () => void ran.push("then")],
          () => void ran.push("no"),
        );
        inner.use(async (_ctx, next) => {
          ran.push("inner, added later");
          await next();
        });
      },
      text(who, "yes"),
    );
    expect(ran).toEqual(["inner, added later", "then"]);
    expect(
      await trace(
        (c, ran) =>
          c.branch(
            async () => false,
            [],
            () => void ran.push("no"),
          ),
        text(who, "x"),
      ),
    ).toEqual(["no"]);
  });

  it("lets an error thrown at once or later reach the caller", async () => {
    const sync = trace(
      (c) => {
        c.on("message", () => {
          throw new Error("at once");
        });
      },
      text(who, "x"),
    );
    await expect(sync).rejects.toThrow("at once");
    const later = trace(
      (c) => {
        c.on("message", async () => {
          throw new Error("later");
        });
      },
      text(who, "x"),
    );
    await expect(later).rejects.toThrow("later");
  });
});
