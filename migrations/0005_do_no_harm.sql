CREATE TABLE `blocked_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_hash` text NOT NULL,
	`subject` text NOT NULL,
	`blocked_by` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `blocked_accounts_account_hash_unique` ON `blocked_accounts` (`account_hash`);--> statement-breakpoint
CREATE TABLE `flood_counters` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`hits` integer NOT NULL,
	`warned` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `public_snapshots` (
	`municipality_id` integer PRIMARY KEY NOT NULL,
	`day` text NOT NULL,
	`statistics` text NOT NULL,
	`computed_at` integer NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipalities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `municipalities` ADD `residents` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `to_reporter` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `chat_log_flow` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `exact_location` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `voter_phones` ADD `scheme` text DEFAULT 'salted-sha256' NOT NULL;