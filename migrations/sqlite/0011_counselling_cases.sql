CREATE TABLE `case_alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`concern` text NOT NULL,
	`message_id` integer,
	`level` text NOT NULL,
	`chain` text NOT NULL,
	`step` integer DEFAULT 0 NOT NULL,
	`raised_at` integer NOT NULL,
	`acked_at` integer,
	`acked_by` integer,
	`acked_step` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`message_id`) REFERENCES `case_messages`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`acked_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `case_alerts_case` ON `case_alerts` (`case_id`);--> statement-breakpoint
CREATE INDEX `case_alerts_raised` ON `case_alerts` (`raised_at`);--> statement-breakpoint
CREATE TABLE `case_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`author` text NOT NULL,
	`author_id` integer,
	`key_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `case_messages_case` ON `case_messages` (`case_id`);--> statement-breakpoint
CREATE TABLE `case_relays` (
	`platform` text NOT NULL,
	`chat_id` text NOT NULL,
	`message_id` text NOT NULL,
	`case_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `chat_id`, `message_id`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `case_reveals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`requested_by` integer NOT NULL,
	`key_id` text NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`requested_at` integer NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `case_reveals_case` ON `case_reveals` (`case_id`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`member_id` integer,
	`alias` text NOT NULL,
	`revealed` integer DEFAULT false NOT NULL,
	`counsellor_id` integer,
	`previous_id` integer,
	`opened_at` integer NOT NULL,
	`contact_at` integer,
	`closed_at` integer,
	`closed_by` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`counsellor_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `cases_member_status` ON `cases` (`member_id`,`status`);--> statement-breakpoint
CREATE INDEX `cases_status` ON `cases` (`status`);