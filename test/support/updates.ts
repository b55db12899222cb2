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
  return {
    update_id: nextUpdateId(),
    my_chat_member: {
      chat: privateChat(from),
      from,
      date: date(),
      old_chat_member: { status: "member", user: { id: 1, is_bot: true, first_name: "Yntymak" } },
      new_chat_member: {
        status: "kicked",
        user: { id: 1, is_bot: true, first_name: "Yntymak" },
        until_date: 0,
      },
    },
  };
}
