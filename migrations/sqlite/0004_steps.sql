CREATE TABLE `steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`feature` text NOT NULL,
	`key` text,
	`open` integer DEFAULT true NOT NULL,
	`outcome` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `steps_key` ON `steps` (`key`) WHERE key is not null;--> statement-breakpoint
ALTER TABLE `conversations` ADD `step_id` integer;