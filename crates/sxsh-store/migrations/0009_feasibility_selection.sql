-- The feasibility and selection worksheets of the detailed assessment: each option's technical
-- checklist (NV10: space, skills, supply, quality, safety, downtime) and its scores against the
-- assessment's weighted selection criteria (NV13), and those criteria with their weights; and
-- the reason an option was screened so (NV9).
ALTER TABLE options ADD COLUMN screening_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE options ADD COLUMN technical_checks TEXT NOT NULL DEFAULT '[]';
ALTER TABLE options ADD COLUMN selection_scores TEXT NOT NULL DEFAULT '[]';
ALTER TABLE assessments ADD COLUMN selection_criteria TEXT NOT NULL DEFAULT '[]';
