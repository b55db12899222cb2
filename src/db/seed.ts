import { sql } from "drizzle-orm";
import type { Db } from "./database.js";
import { municipalities } from "./schema.js";

type NewMunicipality = typeof municipalities.$inferInsert;

/** The eight pilot municipalities of the "Yntymaktuu Zhashoo" project (shared/domain.md). */
export const PILOT_MUNICIPALITIES: NewMunicipality[] = [
  {
    slug: "balykchy",
    nameEn: "Balykchy city",
    nameRu: "город Балыкчы",
    nameKy: "Балыкчы шаары",
    districtEn: "Issyk-Kul oblast",
    districtRu: "Иссык-Кульская область",
    districtKy: "Ысык-Көл облусу",
  },
  {
    slug: "tash-kumyr",
    nameEn: "Tash-Kumyr city",
    nameRu: "город Таш-Кумыр",
    nameKy: "Таш-Көмүр шаары",
    districtEn: "Jalal-Abad oblast",
    districtRu: "Джалал-Абадская область",
    districtKy: "Жалал-Абад облусу",
  },
  {
    slug: "sumbula",
    nameEn: "Sumbula aiyl aimak",
    nameRu: "Сумбулинский айылный аймак",
    nameKy: "Сумбула айыл аймагы",
    districtEn: "Leilek district, Batken oblast",
    districtRu: "Лейлекский район, Баткенская область",
    districtKy: "Лейлек району, Баткен облусу",
    coate: "41705236836000",
  },
  {
    slug: "kargalyk",
    nameEn: "Kargalyk aiyl aimak",
    nameRu: "Каргалыкский айылный аймак",
    nameKy: "Каргалык айыл аймагы",
    districtEn: "Toguz-Toro district, Jalal-Abad oblast",
    districtRu: "Тогуз-Тороуский район, Джалал-Абадская область",
    districtKy: "Тогуз-Торо району, Жалал-Абад облусу",
    coate: "41703223812000",
  },
  {
    slug: "kara-buura",
    nameEn: "Kara-Buura aiyl aimak",
    nameRu: "Кара-Бууринский айылный аймак",
    nameKy: "Кара-Буура айыл аймагы",
    districtEn: "Kara-Buura (Aitmatov) district, Talas oblast",
    districtRu: "Кара-Бууринский (Айтматовский) район, Таласская область",
    districtKy: "Кара-Буура (Айтматов) району, Талас облусу",
    coate: "41707215818000",
  },
  {
    slug: "lenin-alai",
    nameEn: "Lenin aiyl aimak",
    nameRu: "Ленинский айылный аймак",
    nameKy: "Ленин айыл аймагы",
    districtEn: "Alai district, Osh oblast",
    districtRu: "Алайский район, Ошская область",
    districtKy: "Алай району, Ош облусу",
    coate: "41706207830000",
  },
  {
    slug: "lenin-alamudun",
    nameEn: "Lenin aiyl aimak",
    nameRu: "Ленинский айылный аймак",
    nameKy: "Ленин айыл аймагы",
    districtEn: "Alamudun district, Chui oblast",
    districtRu: "Аламудунский район, Чуйская область",
    districtKy: "Аламүдүн району, Чүй облусу",
    coate: "41708203834000",
  },
  {
    slug: "kurama",
    nameEn: "Kurama aiyl aimak",
    nameRu: "Кураминский айылный аймак",
    nameKy: "Курама айыл аймагы",
    districtEn: "Panfilov district, Chui oblast",
    districtRu: "Панфиловский район, Чуйская область",
    districtKy: "Панфилов району, Чүй облусу",
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
