CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_member_id` integer,
	`action` text NOT NULL,
	`target` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `chats` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`platform_chat_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text,
	`binding` text,
	`scope` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chats_platform_chat` ON `chats` (`platform`,`platform_chat_id`);--> statement-breakpoint
CREATE INDEX `chats_binding` ON `chats` (`binding`,`scope`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`feature` text NOT NULL,
	`name` text NOT NULL,
	`data` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `cron_runs` (
	`name` text PRIMARY KEY NOT NULL,
	`last_run_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `identities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`platform` text NOT NULL,
	`platform_user_id` text NOT NULL,
	`username` text,
	`display_name` text NOT NULL,
	`private_chat_id` text,
	`reachable` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `identities_platform_user` ON `identities` (`platform`,`platform_user_id`);--> statement-breakpoint
CREATE INDEX `identities_member` ON `identities` (`member_id`);--> statement-breakpoint
CREATE INDEX `identities_username` ON `identities` (`username`);--> statement-breakpoint
CREATE TABLE `join_codes` (
	`code` text PRIMARY KEY NOT NULL,
	`purpose` text NOT NULL,
	`role` text,
	`scope` text,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_by` integer,
	`used_at` integer
);
--> statement-breakpoint
CREATE TABLE `members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`locale` text,
	`platform_locale` text,
	`building` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `memberships` (
	`member_id` integer NOT NULL,
	`group_key` text NOT NULL,
	PRIMARY KEY(`member_id`, `group_key`),
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `memberships_group` ON `memberships` (`group_key`);--> statement-breakpoint
CREATE TABLE `processed_updates` (
	`platform` text NOT NULL,
	`update_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`platform`, `update_id`)
);
--> statement-breakpoint
CREATE TABLE `role_grants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`role` text NOT NULL,
	`scope` text NOT NULL,
	`granted_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `role_grants_unique` ON `role_grants` (`member_id`,`role`,`scope`);--> statement-breakpoint
CREATE TABLE `scheduled_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`key` text,
	`due_at` integer NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`done_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scheduled_tasks_key_unique` ON `scheduled_tasks` (`key`);--> statement-breakpoint
CREATE INDEX `scheduled_tasks_due` ON `scheduled_tasks` (`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `ticket_cards` (
	`ticket_id` integer NOT NULL,
	`platform` text NOT NULL,
	`chat_id` text NOT NULL,
	`message_id` text NOT NULL,
	PRIMARY KEY(`ticket_id`, `platform`, `chat_id`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `ticket_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`at` integer NOT NULL,
	`type` text NOT NULL,
	`actor_id` integer,
	`public` integer NOT NULL,
	`text` text,
	`data` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ticket_events_ticket` ON `ticket_events` (`ticket_id`,`at`);--> statement-breakpoint
CREATE TABLE `ticket_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`platform` text NOT NULL,
	`ref` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ticket_photos_ticket` ON `ticket_photos` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `ticket_watchers` (
	`ticket_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`joined_at` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `member_id`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ticket_watchers_member` ON `ticket_watchers` (`member_id`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`category` text NOT NULL,
	`department_id` text NOT NULL,
	`assignee_id` integer,
	`priority` text DEFAULT 'normal' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`description` text NOT NULL,
	`building` text,
	`room` text,
	`item` text,
	`reporter_id` integer NOT NULL,
	`anonymous` integer DEFAULT false NOT NULL,
	`alias` text NOT NULL,
	`first_response_due` integer NOT NULL,
	`resolution_due` integer NOT NULL,
	`first_responded_at` integer,
	`resolved_at` integer,
	`closed_at` integer,
	`resolution` text,
	`rating` integer,
	`rating_comment` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`assignee_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`reporter_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `tickets_department_status` ON `tickets` (`department_id`,`status`);--> statement-breakpoint
CREATE INDEX `tickets_reporter` ON `tickets` (`reporter_id`);--> statement-breakpoint
CREATE INDEX `tickets_location` ON `tickets` (`building`,`room`);--> statement-breakpoint
CREATE INDEX `tickets_created` ON `tickets` (`created_at`,`department_id`,`category`,`building`);--> statement-breakpoint
CREATE INDEX `tickets_resolved` ON `tickets` (`resolved_at`,`department_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_responded` ON `tickets` (`first_responded_at`,`department_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_closed` ON `tickets` (`closed_at`,`department_id`,`rating`);--> statement-breakpoint
CREATE INDEX `tickets_active` ON `tickets` (`department_id`,`first_responded_at`,`first_response_due`,`resolution_due`) WHERE status IN ('open', 'in_progress', 'reopened');--> statement-breakpoint
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
--> statement-breakpoint
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
