-- Which job each process is running, so that a job that took its process down is known
-- at the next start: twice, and it is set aside instead of taking the process down again.
CREATE TABLE job_runs (
  subject     text PRIMARY KEY,     -- sha256 of the queue and the canonical JSON of the payload
  queue       text NOT NULL,
  job_id      uuid NOT NULL,        -- the latest job that ran this payload
  payload     jsonb NOT NULL,
  process     text NOT NULL,        -- the running process's instance id; '' once it is gone
  started_at  timestamptz NOT NULL DEFAULT now(),
  crashes     int NOT NULL DEFAULT 0,
  set_aside_at timestamptz
);
