import { describe, expect, it } from "vitest";
import { createHarness, onboard, texts } from "../support/harness.js";
import { initiative } from "../support/initiatives.js";
import { approvedInitiatives, openRoundNow } from "../support/rounds.js";
import { person, press, text } from "../support/updates.js";

describe("/initiatives after approval", () => {
  it("keeps listing an initiative once it is in a voting round, and opens its details", async () => {
    const h = await createHarness();
    const author = person(9601, "en");
    const moderator = person(9602, "en");
    const officer = person(9603, "en");
    for (const who of [author, moderator, officer]) await onboard(h, who, 1);
    const [id] = await approvedInitiatives(h, author, moderator, 1);
    await openRoundNow(h, officer.id);
    expect((await initiative(h, id!)).status).toBe("in_round");
    h.take();

    await h.send(text(author, "/initiatives"));
    const listing = texts(h.take()).join("\n");
    expect(listing).toContain("Street lights on Manas street");
    await h.send(press(author, `1|pub|v|${id}`));
    const details = h.take();
    expect(details.find((c) => c.method === "answerCallbackQuery")?.payload.text).toBeUndefined();
    expect(texts(details).join("\n")).toContain("Street lights on Manas street");
  });
});
