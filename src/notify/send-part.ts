import type { Api } from "grammy";
import type { OutboxPayload } from "../db/outbox-payload.js";
import type { DeliveryPart } from "./payload.js";

/** Makes the Bot API call for one part of a payload; returns the id of the message it made. */
export async function sendPart(
  api: Api,
  chatId: number,
  part: DeliveryPart,
  payload: OutboxPayload,
): Promise<number> {
  const options = {
    ...(payload.parseMode ? { parse_mode: payload.parseMode } : {}),
    ...(payload.disableNotification ? { disable_notification: true } : {}),
    ...(part.buttons ? { reply_markup: part.buttons } : {}),
  };
  if (part.kind === "text") return (await api.sendMessage(chatId, part.text, options)).message_id;
  const withCaption = { ...options, ...(part.caption ? { caption: part.caption } : {}) };
  const { kind, fileId } = part.media;
  const sent =
    kind === "photo"
      ? await api.sendPhoto(chatId, fileId, withCaption)
      : kind === "document"
        ? await api.sendDocument(chatId, fileId, withCaption)
        : await api.sendVoice(chatId, fileId, withCaption);
  return sent.message_id;
}

/** Replaces the text and buttons of a message the bot sent earlier. */
export async function editText(api: Api, chatId: number, messageId: number, payload: OutboxPayload) {
  await api.editMessageText(chatId, messageId, payload.text, {
    ...(payload.parseMode ? { parse_mode: payload.parseMode } : {}),
    ...(payload.buttons ? { reply_markup: payload.buttons } : {}),
  });
}
