import { callbackAction, id } from "./callback-data.js";

/**
 * Every button's callback data, in one place. A keyboard writes `Vote.toggle.pack({…})`, the
 * handler listens to `Vote.toggle.pattern` and reads `Vote.toggle.read(ctx.match)`: one declaration,
 * typed both ways, its worst case checked against Telegram's 64 bytes when this module loads.
 * Keep the wire format when moving an action here: buttons already in chats must keep working.
 */

export const Vote = {
  open: callbackAction("vote", "open", { round: id }),
  toggle: callbackAction("vote", "t", { round: id, initiative: id }),
  details: callbackAction("vote", "d", { round: id, initiative: id }),
};
