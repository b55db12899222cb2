import { sql } from "drizzle-orm";
import type { Db } from "./database.js";
import { municipalities } from "./schema.js";

type NewMunicipality = typeof municipalities.$inferInsert;

/** The eight pilot municipalities of the "Yntymaktuu Zhashoo" project (shared/domain.md). */
export const PILOT_MUNICIPALITIES: NewMunicipality[] = [
  {
    slug: "balykchy",
    names: {
      ky: { name: "Балыкчы шаары", district: "Ысык-Көл облусу" },
      ru: { name: "город Балыкчы", district: "Иссык-Кульская область" },
      en: { name: "Balykchy city", district: "Issyk-Kul oblast" },
      uz: { name: "Baliqchi shahri", district: "Issiqkoʻl viloyati" },
    },
  },
  {
    slug: "tash-kumyr",
    names: {
      ky: { name: "Таш-Көмүр шаары", district: "Жалал-Абад облусу" },
      ru: { name: "город Таш-Кумыр", district: "Джалал-Абадская область" },
      en: { name: "Tash-Kumyr city", district: "Jalal-Abad oblast" },
      uz: { name: "Toshkoʻmir shahri", district: "Jalolobod viloyati" },
    },
  },
  {
    slug: "sumbula",
    names: {
      ky: { name: "Сумбула айыл аймагы", district: "Лейлек району, Баткен облусу" },
      ru: { name: "Сумбулинский айылный аймак", district: "Лейлекский район, Баткенская область" },
      en: { name: "Sumbula aiyl aimak", district: "Leilek district, Batken oblast" },
      uz: { name: "Sumbula ovul aymogʻi", district: "Laylak tumani, Botken viloyati" },
    },
    coate: "41705236836000",
  },
  {
    slug: "kargalyk",
    names: {
      ky: { name: "Каргалык айыл аймагы", district: "Тогуз-Торо району, Жалал-Абад облусу" },
      ru: { name: "Каргалыкский айылный аймак", district: "Тогуз-Тороуский район, Джалал-Абадская область" },
      en: { name: "Kargalyk aiyl aimak", district: "Toguz-Toro district, Jalal-Abad oblast" },
      uz: { name: "Qargʻaliq ovul aymogʻi", district: "Toʻgʻuz-Toro tumani, Jalolobod viloyati" },
    },
    coate: "41703223812000",
  },
  {
    slug: "kara-buura",
    names: {
      ky: { name: "Кара-Буура айыл аймагы", district: "Кара-Буура (Айтматов) району, Талас облусу" },
      ru: {
        name: "Кара-Буура айылный аймак",
        district: "Кара-Бууринский (Айтматовский) район, Таласская область",
      },
      en: { name: "Kara-Buura aiyl aimak", district: "Kara-Buura (Aitmatov) district, Talas oblast" },
      uz: { name: "Qora-Buura ovul aymogʻi", district: "Qora-Buura (Aytmatov) tumani, Talas viloyati" },
    },
    coate: "41707215818000",
  },
  {
    slug: "lenin-alai",
    names: {
      ky: { name: "Ленин айыл аймагы", district: "Алай району, Ош облусу" },
      ru: { name: "Ленинский айылный аймак", district: "Алайский район, Ошская область" },
      en: { name: "Lenin aiyl aimak", district: "Alai district, Osh oblast" },
      uz: { name: "Lenin ovul aymogʻi", district: "Oloy tumani, Oʻsh viloyati" },
    },
    coate: "41706207830000",
  },
  {
    slug: "lenin-alamudun",
    names: {
      ky: { name: "Ленин айыл аймагы", district: "Аламүдүн району, Чүй облусу" },
      ru: { name: "Ленинский айылный аймак", district: "Аламудунский район, Чуйская область" },
      en: { name: "Lenin aiyl aimak", district: "Alamudun district, Chui oblast" },
      uz: { name: "Lenin ovul aymogʻi", district: "Olamudun tumani, Chuy viloyati" },
    },
    coate: "41708203834000",
  },
  {
    slug: "kurama",
    names: {
      ky: { name: "Курама айыл аймагы", district: "Панфилов району, Чүй облусу" },
      ru: { name: "Кураминский айылный аймак", district: "Панфиловский район, Чуйская область" },
      en: { name: "Kurama aiyl aimak", district: "Panfilov district, Chui oblast" },
      uz: { name: "Qurama ovul aymogʻi", district: "Panfilov tumani, Chuy viloyati" },
    },
    coate: "41708219836000",
  },
];

/** Seeds the pilot list only into an empty table: operators' own changes are never overwritten. */
export async function seedMunicipalities(db: Db): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)` }).from(municipalities);
  if ((row?.count ?? 0) > 0) return 0;
  await db.insert(municipalities).values(PILOT_MUNICIPALITIES).onConflictDoNothing();
  return PILOT_MUNICIPALITIES.length;
}
