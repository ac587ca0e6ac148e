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
CREATE INDEX `scheduled_tasks_due` ON `scheduled_tasks` (`status`,`due_at`);