import type { Chat, Message, Update, User } from "grammy/types";

let lastUpdateId = 100_000;
let lastMessageId = 5_000;
const nextUpdateId = () => ++lastUpdateId;
const date = () => Math.floor(Date.now() / 1000);

export function person(id: number, languageCode = "ky", firstName = `Person ${id}`): User {
  return { id, is_bot: false, first_name: firstName, language_code: languageCode };
}

export function privateChat(user: User): Chat.PrivateChat {
  return { id: user.id, type: "private", first_name: user.first_name };
}

export function groupChat(id = -100_123): Chat.SupergroupChat {
  return { id, type: "supergroup", title: "Village council" };
}

function message(from: User, chat: Chat, fields: Partial<Message>): Message & Update.NonChannel {
  return { message_id: ++lastMessageId, date: date(), chat, from, ...fields } as Message & Update.NonChannel;
}

/** A text message; a leading /command gets the bot_command entity Telegram would add. */
export function text(from: User, body: string, chat: Chat = privateChat(from)): Update {
  const command = /^\/\S+/.exec(body);
  const entities = command
    ? [{ type: "bot_command" as const, offset: 0, length: command[0].length }]
    : undefined;
  return { update_id: nextUpdateId(), message: message(from, chat, { text: body, entities }) };
}

export function press(
  from: User,
  data: string,
  messageId = lastMessageId,
  chat: Chat = privateChat(from),
): Update {
  return {
    update_id: nextUpdateId(),
    callback_query: {
      id: String(nextUpdateId()),
      from,
      chat_instance: `ci-${chat.id}`,
      data,
      message: message({ id: 1, is_bot: true, first_name: "Yntymak" }, chat, {
        message_id: messageId,
        text: "…",
      }),
    },
  };
}

export function sticker(from: User): Update {
  return {
    update_id: nextUpdateId(),
    message: message(from, privateChat(from), {
      sticker: {
        file_id: "sticker-file",
        file_unique_id: "sticker-unique",
        type: "regular",
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
      },
    }),
  };
}

export function blockedBot(from: User): Update {
  return botMembership(from, "kicked");
}

export function unblockedBot(from: User): Update {
  return botMembership(from, "member");
}

function botMembership(from: User, status: "kicked" | "member"): Update {
  const bot = { id: 1, is_bot: true, first_name: "Yntymak" };
  const member = { status: "member" as const, user: bot };
  const kicked = { status: "kicked" as const, user: bot, until_date: 0 };
  return {
    update_id: nextUpdateId(),
    my_chat_member: {
      chat: privateChat(from),
      from,
      date: date(),
      old_chat_member: status === "kicked" ? member : kicked,
      new_chat_member: status === "kicked" ? kicked : member,
    },
  };
}

/** A photo as Telegram sends it: several sizes, the largest last. */
export function photo(from: User, fileId = `photo-${lastMessageId + 1}`): Update {
  const size = (suffix: string, width: number) => ({
    file_id: `${fileId}${suffix}`,
    file_unique_id: `${fileId}${suffix}-unique`,
    width,
    height: width,
  });
  return {
    update_id: nextUpdateId(),
    message: message(from, privateChat(from), { photo: [size("-small", 90), size("", 1280)] }),
  };
}

export function document(
  from: User,
  fileId = `document-${lastMessageId + 1}`,
  fileName = "smeta.pdf",
): Update {
  return {
    update_id: nextUpdateId(),
    message: message(from, privateChat(from), {
      document: { file_id: fileId, file_unique_id: `${fileId}-unique`, file_name: fileName },
    }),
  };
}

export function voice(from: User, fileId = `voice-${lastMessageId + 1}`): Update {
  return {
    update_id: nextUpdateId(),
    message: message(from, privateChat(from), {
      voice: { file_id: fileId, file_unique_id: `${fileId}-unique`, duration: 12 },
    }),
  };
}

export function location(from: User, latitude: number, longitude: number): Update {
  return {
    update_id: nextUpdateId(),
    message: message(from, privateChat(from), { location: { latitude, longitude } }),
  };
}

/** A shared contact; `userId` is whose contact it is (Telegram sets it for the sender's own). */
export function contact(from: User, phone: string, userId: number | undefined = from.id): Update {
  return {
    update_id: nextUpdateId(),
    message: message(from, privateChat(from), {
      contact: { phone_number: phone, first_name: from.first_name, ...(userId ? { user_id: userId } : {}) },
    }),
  };
}

export function editedText(from: User, body: string): Update {
  return {
    update_id: nextUpdateId(),
    edited_message: { ...message(from, privateChat(from), { text: body }), edit_date: date() },
  };
}
