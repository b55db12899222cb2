ALTER TABLE `initiatives` ADD `problem_voice` text;--> statement-breakpoint
ALTER TABLE `initiatives` ADD `solution_voice` text;