-- poll_ballots and poll_voters are WITHOUT ROWID (added by hand: drizzle cannot declare it): no rowid that follows arrival order.
CREATE TABLE `poll_ballots` (
	`poll_id` integer NOT NULL,
	`token` text NOT NULL,
	`member_id` integer,
	`choices` integer NOT NULL,
	PRIMARY KEY(`poll_id`, `token`),
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null

) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `poll_messages` (
	`poll_id` integer NOT NULL,
	`platform` text NOT NULL,
	`chat_id` text NOT NULL,
	`message_id` text NOT NULL,
	PRIMARY KEY(`poll_id`, `platform`, `chat_id`),
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `poll_voters` (
	`poll_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	PRIMARY KEY(`poll_id`, `member_id`),
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade

) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `polls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_key` text NOT NULL,
	`question` text NOT NULL,
	`options` text NOT NULL,
	`anonymous` integer NOT NULL,
	`multi` integer NOT NULL,
	`hide_results` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`closed_at` integer,
	`token_key` text,
	`edit_due_at` integer,
	`edited_at` integer,
	`final_voters` integer,
	`final_roster` integer,
	`final_counts` text,
	FOREIGN KEY (`created_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `polls_group` ON `polls` (`group_key`,`status`);--> statement-breakpoint
CREATE INDEX `polls_open_edit` ON `polls` (`edit_due_at`) WHERE edit_due_at is not null;