ALTER TABLE `municipalities` DROP COLUMN `name_ky`;--> statement-breakpoint
ALTER TABLE `municipalities` DROP COLUMN `name_ru`;--> statement-breakpoint
ALTER TABLE `municipalities` DROP COLUMN `name_en`;--> statement-breakpoint
ALTER TABLE `municipalities` DROP COLUMN `district_ky`;--> statement-breakpoint
ALTER TABLE `municipalities` DROP COLUMN `district_ru`;--> statement-breakpoint
ALTER TABLE `municipalities` DROP COLUMN `district_en`;