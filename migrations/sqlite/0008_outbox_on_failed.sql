ALTER TABLE `outbox` ADD `on_failed` text;--> statement-breakpoint
CREATE INDEX `outbox_hooked` ON `outbox` (`on_failed`) WHERE on_failed is not null;