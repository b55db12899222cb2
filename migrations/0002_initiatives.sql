CREATE TABLE `initiative_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`initiative_id` integer NOT NULL,
	`kind` text NOT NULL,
	`file_id` text NOT NULL,
	`file_unique_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `initiative_attachments_file_idx` ON `initiative_attachments` (`initiative_id`,`file_unique_id`);--> statement-breakpoint
CREATE TABLE `initiative_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`initiative_id` integer NOT NULL,
	`version` integer NOT NULL,
	`actor_id` integer,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`reason_code` text,
	`reason_text` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `initiative_events_version_idx` ON `initiative_events` (`initiative_id`,`version`);--> statement-breakpoint
CREATE TABLE `initiatives` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`author_id` integer,
	`municipality_id` integer,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`ref_year` integer,
	`ref_seq` integer,
	`step` text,
	`form_open` integer DEFAULT false NOT NULL,
	`editing_one` integer DEFAULT false NOT NULL,
	`place_text` text,
	`latitude` real,
	`longitude` real,
	`title` text,
	`problem` text,
	`solution` text,
	`kind` text,
	`beneficiaries` text,
	`beneficiary_count` integer,
	`women_count` integer,
	`youth_count` integer,
	`cost` integer,
	`contribution_money` integer,
	`contribution_in_kind` text,
	`timeline_months` integer,
	`target_date` text,
	`group_size` integer,
	`group_women` integer,
	`group_youth` integer,
	`contact_phone` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`submitted_at` integer,
	`decided_at` integer,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipalities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `initiatives_author_idx` ON `initiatives` (`author_id`,`status`);--> statement-breakpoint
CREATE INDEX `initiatives_status_idx` ON `initiatives` (`status`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `initiatives_municipality_idx` ON `initiatives` (`municipality_id`,`status`,`decided_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `initiatives_reference_idx` ON `initiatives` (`ref_year`,`ref_seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `initiatives_one_draft_idx` ON `initiatives` (`author_id`) WHERE status = 'draft';--> statement-breakpoint
CREATE TABLE `moderation_prompts` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`action` text NOT NULL,
	`initiative_id` integer NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `municipalities` ADD `max_initiative_budget` integer;