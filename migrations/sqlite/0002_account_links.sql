CREATE TABLE `account_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`status` text NOT NULL,
	`creator_member_id` integer NOT NULL,
	`creator_platform` text NOT NULL,
	`redeemer_member_id` integer,
	`redeemer_platform` text,
	`creator_confirmed_at` integer,
	`redeemer_confirmed_at` integer,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`closed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `account_links_code_unique` ON `account_links` (`code`);--> statement-breakpoint
CREATE INDEX `account_links_creator` ON `account_links` (`creator_member_id`,`status`);--> statement-breakpoint
CREATE INDEX `account_links_redeemer` ON `account_links` (`redeemer_member_id`,`status`);