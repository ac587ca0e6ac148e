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
CREATE INDEX `outbox_member` ON `outbox` (`member_id`) WHERE member_id is not null;