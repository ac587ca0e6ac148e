CREATE TABLE `cron_firings` (
	`job` text NOT NULL,
	`fired_at` integer NOT NULL,
	`holder` text NOT NULL,
	PRIMARY KEY(`job`, `fired_at`)
);
--> statement-breakpoint
CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL,
	`acquired_at` integer NOT NULL
);
