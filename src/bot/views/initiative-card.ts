import type { Attachment, Initiative } from "../../db/repo/initiatives.js";
import { type Municipality, municipalityLabel } from "../../db/repo/municipalities.js";
import { fitWithin, TELEGRAM_TEXT_LIMIT, truncate } from "../../domain/text.js";
import { formatIsoDate, formatNumber, referenceOf } from "../../i18n/format.js";
import type { Locale, Translate } from "../../i18n/index.js";

/** The public never sees the author's phone number. */
export type CardAudience = "author" | "staff" | "public";

export interface CardInput {
  initiative: Initiative;
  municipality: Municipality | undefined;
  attachments: readonly Pick<Attachment, "kind">[];
}

/** Markup around the card; a function gets the same field limit, for user text it quotes. */
export type CardPart = string | ((maxFieldChars: number) => string) | undefined;

export interface CardOptions {
  audience: CardAudience;
  lead?: CardPart;
  trailer?: CardPart;
  limit?: number;
}

const render = (part: CardPart, max: number) => (typeof part === "function" ? part(max) : part);

/**
 * Every field of an initiative as one message. User text only ever enters as an interpolation
 * value, which i18next escapes; a card that would pass Telegram's limit gets shorter fields.
 */
export function initiativeCard(input: CardInput, t: Translate, locale: Locale, options: CardOptions): string {
  const limit = options.limit ?? TELEGRAM_TEXT_LIMIT;
  return fitWithin(limit, (max) =>
    [
      render(options.lead, max),
      renderCard(input, t, locale, options.audience, max),
      render(options.trailer, max),
    ]
      .filter(Boolean)
      .join("\n\n"),
  );
}

function renderCard(input: CardInput, t: Translate, locale: Locale, audience: CardAudience, max: number) {
  const { initiative: i, municipality, attachments } = input;
  const cut = (text: string) => truncate(text, max);
  const num = (n: number | null) => (n === null ? t("initiative.card.unknown") : formatNumber(n));
  const reference = referenceOf(i);

  const head = [
    reference
      ? t("initiative.card.header", { reference, status: t(`initiative.status.${i.status}`) })
      : t("initiative.card.headerDraft"),
    i.title ? t("initiative.card.title", { title: cut(i.title) }) : undefined,
  ];
  const where = [
    municipality
      ? t("initiative.card.municipality", { municipality: municipalityLabel(municipality, locale) })
      : undefined,
    i.placeText ? t("initiative.card.place", { place: cut(i.placeText) }) : undefined,
    i.latitude !== null && i.longitude !== null
      ? t("initiative.card.location", { lat: i.latitude.toFixed(5), lon: i.longitude.toFixed(5) })
      : undefined,
    i.kind ? t("initiative.card.kind", { kind: t(`initiative.kindShort.${i.kind}`) }) : undefined,
  ];
  const answer = (field: "problem" | "solution", text: string | null, voice: string | null) =>
    text
      ? t(`initiative.card.${field}`, { text: cut(text) })
      : voice
        ? t(`initiative.card.${field}`, { text: t("initiative.card.voiceAnswer") })
        : undefined;
  const problem = answer("problem", i.problem, i.problemVoice);
  const solution = answer("solution", i.solution, i.solutionVoice);
  const people = [
    i.beneficiaries ? t("initiative.card.beneficiaries", { who: cut(i.beneficiaries) }) : undefined,
    i.beneficiaryCount !== null
      ? t("initiative.card.people", {
          count: num(i.beneficiaryCount),
          women: num(i.womenCount),
          youth: num(i.youthCount),
        })
      : undefined,
    i.groupSize !== null
      ? t("initiative.card.group", {
          size: num(i.groupSize),
          women: num(i.groupWomen),
          youth: num(i.groupYouth),
        })
      : undefined,
  ];
  const money = [
    i.cost !== null ? t("initiative.card.cost", { amount: num(i.cost) }) : undefined,
    i.contributionMoney !== null
      ? t("initiative.card.contributionMoney", { amount: num(i.contributionMoney) })
      : undefined,
    i.contributionInKind
      ? t("initiative.card.contributionInKind", { text: cut(i.contributionInKind) })
      : undefined,
    i.timelineMonths !== null ? t("initiative.card.timelineMonths", { count: i.timelineMonths }) : undefined,
    i.targetDate ? t("initiative.card.targetDate", { date: formatIsoDate(i.targetDate) }) : undefined,
  ];
  const extra = [
    audience !== "public" && i.contactPhone
      ? t("initiative.card.contact", { phone: i.contactPhone })
      : undefined,
    attachments.length > 0
      ? t("initiative.card.attachments", { list: attachmentList(attachments, t) })
      : undefined,
  ];
  return [head, where, [problem], [solution], people, money, extra]
    .map((block) => block.filter(Boolean).join("\n"))
    .filter(Boolean)
    .join("\n\n");
}

/** "2 photos, 1 document" in the reader's language. */
export function attachmentList(attachments: readonly Pick<Attachment, "kind">[], t: Translate): string {
  return (["photo", "document", "voice"] as const)
    .map((kind) => [kind, attachments.filter((a) => a.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => t(`initiative.attachmentCount.${kind}`, { count: n }))
    .join(", ");
}

export interface CardFile {
  kind: Attachment["kind"];
  fileId: string;
  caption: string;
  /** Stable within the initiative, for the outbox's dedupe key. */
  key: string;
}

/**
 * The files that go with a staff card, in order: the voice notes that answer the problem or the
 * plan (captioned with their question), then the attachments.
 */
export function cardFiles(
  i: Pick<Initiative, "problemVoice" | "solutionVoice" | "refYear" | "refSeq">,
  attachments: readonly Pick<Attachment, "id" | "kind" | "fileId">[],
  t: Translate,
): CardFile[] {
  const reference = referenceOf(i) ?? "";
  const voices = (["problem", "solution"] as const).flatMap((field) => {
    const fileId = field === "problem" ? i.problemVoice : i.solutionVoice;
    if (!fileId) return [];
    const caption = t("initiative.voiceCaption", { reference, field: t(`initiative.fields.${field}`) });
    return [{ kind: "voice" as const, fileId, caption, key: `voice:${field}` }];
  });
  const files = attachments.map((a, index) => ({
    kind: a.kind,
    fileId: a.fileId,
    caption: t("moderation.attachmentCaption", { reference, n: index + 1, total: attachments.length }),
    key: `file:${a.id}`,
  }));
  return [...voices, ...files];
}
