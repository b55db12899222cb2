CREATE TABLE `installation_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `round_initiatives` (
	`round_id` integer NOT NULL,
	`initiative_id` integer NOT NULL,
	`included` integer DEFAULT true NOT NULL,
	`paper_votes` integer DEFAULT 0 NOT NULL,
	`funded_amount` integer,
	`report_text` text,
	`report_photo_id` text,
	PRIMARY KEY(`round_id`, `initiative_id`),
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `round_prompts` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`round_id` integer NOT NULL,
	`kind` text NOT NULL,
	`initiative_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`municipality_id` integer NOT NULL,
	`title` text,
	`submission_deadline` integer,
	`opens_at` integer,
	`closes_at` integer,
	`votes_per_voter` integer DEFAULT 3 NOT NULL,
	`total_budget` integer,
	`max_per_initiative` integer,
	`require_phone` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_by` integer NOT NULL,
	`reached` integer,
	`results` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`opened_at` integer,
	`closed_at` integer,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipalities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rounds_due_idx` ON `rounds` (`status`,`opens_at`);--> statement-breakpoint
CREATE INDEX `rounds_municipality_idx` ON `rounds` (`municipality_id`,`status`);--> statement-breakpoint
CREATE TABLE `voter_phones` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`phone_hash` text NOT NULL,
	`verified_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `voter_phones_phone_hash_unique` ON `voter_phones` (`phone_hash`);--> statement-breakpoint
CREATE TABLE `votes` (
	`round_id` integer NOT NULL,
	`initiative_id` integer NOT NULL,
	`voter_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`voter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `votes_one_voice_idx` ON `votes` (`round_id`,`initiative_id`,`voter_id`);--> statement-breakpoint
CREATE INDEX `votes_voter_idx` ON `votes` (`round_id`,`voter_id`);