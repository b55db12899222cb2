import type { Api } from "grammy";
import type { DeliveryPart, OutboxPayload } from "./payload.js";

/** Makes the Bot API call for one part of a payload. */
export async function sendPart(
  api: Api,
  chatId: number,
  part: DeliveryPart,
  payload: OutboxPayload,
): Promise<void> {
  const options = {
    ...(payload.parseMode ? { parse_mode: payload.parseMode } : {}),
    ...(payload.disableNotification ? { disable_notification: true } : {}),
    ...(part.buttons ? { reply_markup: part.buttons } : {}),
  };
  if (part.kind === "text") {
    await api.sendMessage(chatId, part.text, options);
    return;
  }
  const withCaption = { ...options, ...(part.caption ? { caption: part.caption } : {}) };
  const { kind, fileId } = part.media;
  if (kind === "photo") await api.sendPhoto(chatId, fileId, withCaption);
  else if (kind === "document") await api.sendDocument(chatId, fileId, withCaption);
  else await api.sendVoice(chatId, fileId, withCaption);
}
