CREATE INDEX `tickets_created` ON `tickets` (`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_resolved` ON `tickets` (`resolved_at`);--> statement-breakpoint
CREATE INDEX `tickets_responded` ON `tickets` (`first_responded_at`);--> statement-breakpoint
CREATE INDEX `tickets_closed` ON `tickets` (`closed_at`);