CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`member_id` integer,
	`identity_id` integer,
	`binding` text,
	`scope` text,
	`platform` text,
	`chat_id` text,
	`chat_kind` text,
	`locale` text NOT NULL,
	`payload` text NOT NULL,
	`meta` text,
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
CREATE UNIQUE INDEX `outbox_dedupeKey_unique` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_member` ON `outbox` (`member_id`);--> statement-breakpoint
CREATE TABLE `outbox_pauses` (
	`platform` text PRIMARY KEY NOT NULL,
	`until` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `survey_answers` (
	`token` text NOT NULL,
	`run_id` integer NOT NULL,
	`question_id` text NOT NULL,
	`value` text,
	`final` integer DEFAULT true NOT NULL,
	PRIMARY KEY(`token`, `question_id`),
	FOREIGN KEY (`token`) REFERENCES `survey_responses`(`token`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `survey_answers_run` ON `survey_answers` (`run_id`,`question_id`);--> statement-breakpoint
CREATE TABLE `survey_deliveries` (
	`run_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`responded` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`run_id`, `member_id`),
	FOREIGN KEY (`run_id`) REFERENCES `survey_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `survey_responses` (
	`token` text PRIMARY KEY NOT NULL,
	`run_id` integer NOT NULL,
	`member_id` integer,
	`complete` integer DEFAULT false NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`run_id`) REFERENCES `survey_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `survey_responses_run` ON `survey_responses` (`run_id`);--> statement-breakpoint
CREATE TABLE `survey_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` text NOT NULL,
	`definition` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`started_by` text NOT NULL,
	`opened_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`closed_at` integer,
	`token_key` text
);
--> statement-breakpoint
CREATE INDEX `survey_runs_survey` ON `survey_runs` (`survey_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `survey_runs_one_open` ON `survey_runs` (`survey_id`) WHERE status = 'open';--> statement-breakpoint
CREATE TABLE `surveys` (
	`id` text PRIMARY KEY NOT NULL,
	`definition` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL
);
