CREATE TABLE `telegram_buttons` (
	`id` text PRIMARY KEY NOT NULL,
	`data` text NOT NULL,
	`used_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `telegram_chats` (
	`chat_id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`changed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `telegram_inbox` (
	`update_id` integer PRIMARY KEY NOT NULL,
	`chat_key` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`received_at` integer NOT NULL,
	`done_at` integer
);
--> statement-breakpoint
CREATE INDEX `telegram_inbox_status` ON `telegram_inbox` (`status`,`update_id`);--> statement-breakpoint
CREATE TABLE `telegram_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
