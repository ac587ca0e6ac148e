DROP INDEX `tickets_created`;--> statement-breakpoint
DROP INDEX `tickets_resolved`;--> statement-breakpoint
DROP INDEX `tickets_responded`;--> statement-breakpoint
DROP INDEX `tickets_closed`;--> statement-breakpoint
CREATE INDEX `tickets_created` ON `tickets` (`created_at`,`department_id`,`category`,`building`);--> statement-breakpoint
CREATE INDEX `tickets_resolved` ON `tickets` (`resolved_at`,`department_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_responded` ON `tickets` (`first_responded_at`,`department_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_closed` ON `tickets` (`closed_at`,`department_id`,`rating`);