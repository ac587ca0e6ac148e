CREATE TABLE `faq_asks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`text` text,
	`entry_id` text,
	`outcome` text NOT NULL,
	`chosen_id` text,
	`helped` integer
);
--> statement-breakpoint
CREATE INDEX `faq_asks_at` ON `faq_asks` (`at`);--> statement-breakpoint
CREATE TABLE `faq_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`department` text NOT NULL,
	`entry` text,
	`removed` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL
);
