CREATE TABLE "cron_firings" (
	"job" text NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	"holder" text NOT NULL,
	CONSTRAINT "cron_firings_job_fired_at_pk" PRIMARY KEY("job","fired_at")
);
--> statement-breakpoint
CREATE TABLE "leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"acquired_at" timestamp with time zone NOT NULL
);
