-- Names per language move from three pairs of columns into one JSON object, so that a language
-- is added by data. Written by hand: drizzle-kit cannot express copying data.
UPDATE `municipalities` SET `names` = json_object(
  'ky', json_object('name', `name_ky`, 'district', `district_ky`),
  'ru', json_object('name', `name_ru`, 'district', `district_ru`),
  'en', json_object('name', `name_en`, 'district', `district_en`)
);
--> statement-breakpoint
-- The pilot municipalities in Uzbek (Latin, as in Kyrgyzstan's Uzbek schools and media), for
-- databases seeded before Uzbek existed; a name an operator gave already is kept.
UPDATE `municipalities` SET `names` = json_set(`names`, '$.uz', json(CASE `slug`
  WHEN 'balykchy' THEN '{"name":"Baliqchi shahri","district":"Issiqkoʻl viloyati"}'
  WHEN 'tash-kumyr' THEN '{"name":"Toshkoʻmir shahri","district":"Jalolobod viloyati"}'
  WHEN 'sumbula' THEN '{"name":"Sumbula ovul aymogʻi","district":"Laylak tumani, Botken viloyati"}'
  WHEN 'kargalyk' THEN '{"name":"Qargʻaliq ovul aymogʻi","district":"Toʻgʻuz-Toro tumani, Jalolobod viloyati"}'
  WHEN 'kara-buura' THEN '{"name":"Qora-Buura ovul aymogʻi","district":"Qora-Buura (Aytmatov) tumani, Talas viloyati"}'
  WHEN 'lenin-alai' THEN '{"name":"Lenin ovul aymogʻi","district":"Oloy tumani, Oʻsh viloyati"}'
  WHEN 'lenin-alamudun' THEN '{"name":"Lenin ovul aymogʻi","district":"Olamudun tumani, Chuy viloyati"}'
  WHEN 'kurama' THEN '{"name":"Qurama ovul aymogʻi","district":"Panfilov tumani, Chuy viloyati"}'
END))
WHERE `slug` IN ('balykchy', 'tash-kumyr', 'sumbula', 'kargalyk', 'kara-buura', 'lenin-alai', 'lenin-alamudun', 'kurama')
  AND json_extract(`names`, '$.uz') IS NULL;
