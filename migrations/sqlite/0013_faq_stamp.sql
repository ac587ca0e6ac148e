CREATE TABLE `faq_stamp` (
	`id` integer PRIMARY KEY NOT NULL,
	`stamp` text NOT NULL
);
