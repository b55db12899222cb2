import type { Message } from "grammy/types";
import type { Answer } from "../../domain/initiative-form.js";

/** What a message says to the form; anything it cannot use (a sticker, a video) is `other`. */
export function answerOf(message: Message): Answer {
  if (message.text !== undefined) return { type: "text", text: message.text };
  if (message.location)
    return { type: "location", latitude: message.location.latitude, longitude: message.location.longitude };
  if (message.contact)
    return { type: "contact", phone: message.contact.phone_number, userId: message.contact.user_id };
  const photo = message.photo?.at(-1);
  if (photo)
    return { type: "media", kind: "photo", fileId: photo.file_id, fileUniqueId: photo.file_unique_id };
  if (message.document)
    return {
      type: "media",
      kind: "document",
      fileId: message.document.file_id,
      fileUniqueId: message.document.file_unique_id,
    };
  if (message.voice)
    return {
      type: "media",
      kind: "voice",
      fileId: message.voice.file_id,
      fileUniqueId: message.voice.file_unique_id,
    };
  return { type: "other" };
}
