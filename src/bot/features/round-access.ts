import { clearAwaiting } from "../../db/repo/awaiting.js";
import { findMunicipality, municipalityLabel } from "../../db/repo/municipalities.js";
import { wasRevokedFrom } from "../../db/repo/staff.js";
import { canActFor } from "../../domain/roles.js";
import type { BotContext, BotDeps } from "../context.js";
import { refuse } from "./guards.js";

/**
 * Every step of a round draft or the round panel, typed answer or button, checks again that the
 * person may act for the round's municipality: a role can be revoked between a question and its
 * answer. If it was, the question stops waiting and the person is told that the role is gone.
 * `prompted` says that a waiting question proves they once had it; a button may be forged.
 */
export async function stillActsFor(
  deps: BotDeps,
  ctx: BotContext,
  municipalityId: number,
  prompted = false,
): Promise<boolean> {
  if (canActFor(ctx.roles, municipalityId)) return true;
  const { db } = deps.database;
  const userId = ctx.from!.id;
  await clearAwaiting(db, userId, ["round.draft", "round.panel"]);
  if (!prompted && !(await wasRevokedFrom(db, userId, municipalityId))) {
    await refuse(ctx, ctx.t("errors.notAllowed"));
    return false;
  }
  const municipality = await findMunicipality(db, municipalityId);
  await refuse(
    ctx,
    ctx.t("round.errors.roleGone", {
      municipality: municipality ? municipalityLabel(municipality, ctx.locale) : "",
    }),
  );
  return false;
}
