CREATE TABLE `inactive_recipients` (
	`chat_id` integer PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`since` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`payload` text NOT NULL,
	`dedupe_key` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`bulk` integer DEFAULT false NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`sent_parts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key_unique` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`bulk`,`next_attempt_at`,`id`) WHERE next_attempt_at is not null;--> statement-breakpoint
CREATE INDEX `outbox_chat_open_idx` ON `outbox` (`chat_id`,`id`) WHERE next_attempt_at is not null;--> statement-breakpoint
CREATE INDEX `outbox_finished_idx` ON `outbox` (`status`,`finished_at`);