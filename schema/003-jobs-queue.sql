-- 003-jobs-queue.sql - the job queue moves to its own store, $TWITOFF_HOME/queue/jobs.db, the only
-- database the web user may write (lib/store/queue.c). Before this step runs, the rows of this
-- table are copied there (queue_adopt_jobs), ids kept.
DROP INDEX IF EXISTS jobs_status;
DROP TABLE IF EXISTS jobs;
