CREATE TABLE `report_cards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`chat_id` integer NOT NULL,
	`message_id` integer NOT NULL,
	`locale` text NOT NULL,
	`may_act` integer NOT NULL,
	`may_moderate` integer NOT NULL,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_cards_message_idx` ON `report_cards` (`chat_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `report_cards_report_idx` ON `report_cards` (`report_id`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `edit_message_id` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `report_card` text;