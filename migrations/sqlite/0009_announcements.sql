CREATE TABLE `announcements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`author_id` integer,
	`department` text,
	`audience` text NOT NULL,
	`text` text NOT NULL,
	`photo` text,
	`private` integer DEFAULT false NOT NULL,
	`urgent` integer DEFAULT false NOT NULL,
	`reason` text,
	`send_at` integer NOT NULL,
	`status` text NOT NULL,
	`groups` integer DEFAULT 0 NOT NULL,
	`people` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`author_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `announcements_author` ON `announcements` (`author_id`);