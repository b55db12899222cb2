CREATE TABLE `awaiting` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`subject_id` integer NOT NULL,
	`step` text,
	`detail_id` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
-- Hand-written (drizzle cannot express moving rows): the waits that were pending move over, in the
-- order the three routers used to ask, so that the one a person's next message went to wins.
INSERT OR IGNORE INTO `awaiting` (`user_id`, `kind`, `subject_id`, `step`, `detail_id`, `updated_at`)
  SELECT `author_id`, 'initiative.form', `id`, NULL, NULL, `updated_at` FROM `initiatives`
  WHERE `form_open` = 1 AND `author_id` IS NOT NULL AND `status` IN ('draft', 'changes_requested')
  ORDER BY `updated_at` DESC;
--> statement-breakpoint
INSERT OR IGNORE INTO `awaiting` (`user_id`, `kind`, `subject_id`, `step`, `detail_id`, `updated_at`)
  SELECT `user_id`, 'moderation.decision', `initiative_id`, `action`, `version`, `created_at` FROM `moderation_prompts`;
--> statement-breakpoint
INSERT OR IGNORE INTO `awaiting` (`user_id`, `kind`, `subject_id`, `step`, `detail_id`, `updated_at`)
  SELECT `user_id`,
    CASE WHEN `kind` IN ('title', 'deadline', 'opens', 'closes', 'votes', 'budget', 'maxPer') THEN 'round.draft' ELSE 'round.panel' END,
    `round_id`, `kind`, `initiative_id`, `created_at` FROM `round_prompts`;
--> statement-breakpoint
INSERT OR IGNORE INTO `awaiting` (`user_id`, `kind`, `subject_id`, `step`, `detail_id`, `updated_at`)
  SELECT `user_id`, 'report.' || `kind`, `report_id`, NULL, `event_id`, `created_at` FROM `report_prompts`;
--> statement-breakpoint
INSERT OR IGNORE INTO `awaiting` (`user_id`, `kind`, `subject_id`, `step`, `detail_id`, `updated_at`)
  SELECT `user_id`, 'report.form', `report_id`, NULL, NULL, `updated_at` FROM `report_flows` WHERE `listening` = 1;
--> statement-breakpoint
DROP TABLE `moderation_prompts`;--> statement-breakpoint
DROP TABLE `report_prompts`;--> statement-breakpoint
DROP TABLE `round_prompts`;--> statement-breakpoint
ALTER TABLE `initiatives` DROP COLUMN `form_open`;--> statement-breakpoint
ALTER TABLE `report_flows` DROP COLUMN `listening`;