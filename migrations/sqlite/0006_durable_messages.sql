DROP INDEX `outbox_dedupeKey_unique`;--> statement-breakpoint
DROP INDEX `outbox_due`;--> statement-breakpoint
DROP INDEX `outbox_member`;--> statement-breakpoint
ALTER TABLE `outbox` ADD `lane` integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `edit_of` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `on_sent` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `forget` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_key` ON `outbox` (`dedupe_key`) WHERE dedupe_key is not null;--> statement-breakpoint
CREATE INDEX `outbox_next` ON `outbox` (`lane`,`id`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `outbox_chat` ON `outbox` (`platform`,`chat_id`,`lane`,`id`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `outbox_member` ON `outbox` (`member_id`) WHERE member_id is not null;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`dedupe_key` text,
	`lane` integer DEFAULT 2 NOT NULL,
	`member_id` integer,
	`identity_id` integer,
	`binding` text,
	`scope` text,
	`platform` text,
	`chat_id` text,
	`chat_kind` text,
	`locale` text NOT NULL,
	`payload` text NOT NULL,
	`edit_of` text,
	`meta` text,
	`on_sent` text,
	`forget` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`platform_message_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_outbox`("id", "kind", "dedupe_key", "lane", "member_id", "identity_id", "binding", "scope", "platform", "chat_id", "chat_kind", "locale", "payload", "edit_of", "meta", "on_sent", "forget", "status", "attempts", "next_attempt_at", "last_error", "platform_message_id", "created_at", "updated_at") SELECT "id", "kind", "dedupe_key", "lane", "member_id", "identity_id", "binding", "scope", "platform", "chat_id", "chat_kind", "locale", "payload", "edit_of", "meta", "on_sent", "forget", "status", "attempts", "next_attempt_at", "last_error", "platform_message_id", "created_at", "updated_at" FROM `outbox`;--> statement-breakpoint
DROP TABLE `outbox`;--> statement-breakpoint
ALTER TABLE `__new_outbox` RENAME TO `outbox`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_key` ON `outbox` (`dedupe_key`) WHERE dedupe_key is not null;--> statement-breakpoint
CREATE INDEX `outbox_next` ON `outbox` (`lane`,`id`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `outbox_chat` ON `outbox` (`platform`,`chat_id`,`lane`,`id`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `outbox_member` ON `outbox` (`member_id`) WHERE member_id is not null;