CREATE TABLE `chat_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`flow` text NOT NULL,
	`message_id` integer NOT NULL,
	`sent_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chat_messages_message_idx` ON `chat_messages` (`chat_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `chat_messages_flow_idx` ON `chat_messages` (`chat_id`,`flow`);--> statement-breakpoint
CREATE TABLE `officer_chats` (
	`municipality_id` integer PRIMARY KEY NOT NULL,
	`chat_id` integer NOT NULL,
	`locale` text NOT NULL,
	`set_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipalities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `report_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`version` integer,
	`action` text NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` integer,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`comment` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_events_version_idx` ON `report_events` (`report_id`,`version`);--> statement-breakpoint
CREATE INDEX `report_events_report_idx` ON `report_events` (`report_id`,`id`);--> statement-breakpoint
CREATE TABLE `report_flows` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`report_id` integer NOT NULL,
	`step` text NOT NULL,
	`listening` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_flows_report_id_unique` ON `report_flows` (`report_id`);--> statement-breakpoint
CREATE TABLE `report_prompts` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`report_id` integer NOT NULL,
	`event_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `report_reporters` (
	`report_id` integer PRIMARY KEY NOT NULL,
	`user_id` integer,
	`name` text,
	`username` text,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `report_reporters_user_idx` ON `report_reporters` (`user_id`);--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ref_year` integer,
	`ref_seq` integer,
	`municipality_id` integer,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`category` text,
	`urgency` text,
	`urgent` integer DEFAULT false NOT NULL,
	`place_text` text,
	`latitude` real,
	`longitude` real,
	`text` text,
	`voice_file_id` text,
	`photo_file_id` text,
	`affected` text DEFAULT '[]' NOT NULL,
	`anonymous` integer DEFAULT true NOT NULL,
	`may_contact` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`submitted_at` integer,
	`routed_at` integer,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipalities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_reference_idx` ON `reports` (`ref_year`,`ref_seq`);--> statement-breakpoint
CREATE INDEX `reports_municipality_idx` ON `reports` (`municipality_id`,`status`,`urgent`);--> statement-breakpoint
CREATE INDEX `reports_status_idx` ON `reports` (`status`,`submitted_at`);