CREATE TABLE `discord_channels` (
	`channel_id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`last_message_id` text NOT NULL,
	`active_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `discord_inbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`chat_key` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`received_at` integer NOT NULL,
	`done_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `discord_inbox_event` ON `discord_inbox` (`event_id`);--> statement-breakpoint
CREATE INDEX `discord_inbox_status` ON `discord_inbox` (`status`,`seq`);