-- flinkstack SQL job: page views read from Kafka, counted per page and minute, written to PostgreSQL.
--
-- The image must hold the connectors in /opt/flink/lib (see ../README.md):
--   flink-sql-connector-kafka, flink-connector-jdbc and the PostgreSQL JDBC driver.
-- Not run in this repository (no Kafka, no database here); its test plans it with --dry-run.

SET 'pipeline.name' = 'page-views-per-minute';
-- Kafka offsets are committed and JDBC rows flushed on checkpoints.
SET 'execution.checkpointing.interval' = '30 s';
-- Window bounds are written in UTC, whatever the JVM's time zone.
SET 'table.local-time-zone' = 'UTC';

CREATE TABLE page_views (
  user_id   STRING,
  page      STRING,
  view_time TIMESTAMP(3),
  -- events arrive up to 5 s late; a window closes 5 s after its end
  WATERMARK FOR view_time AS view_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'page-views',
  'properties.bootstrap.servers' = 'kafka:9092',
  'properties.group.id' = 'page-views-per-minute',
  'scan.startup.mode' = 'group-offsets',
  'properties.auto.offset.reset' = 'earliest',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'true'
);

-- The primary key makes the JDBC sink upsert: a window re-emitted after a restart overwrites its row.
CREATE TABLE page_views_per_minute (
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3),
  page         STRING,
  view_count   BIGINT,
  user_count   BIGINT,
  PRIMARY KEY (window_start, page) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = 'jdbc:postgresql://postgres:5432/analytics',
  'table-name' = 'page_views_per_minute',
  'username' = 'flink',
  'password' = 'change-me',
  'sink.buffer-flush.interval' = '5 s'
);

INSERT INTO page_views_per_minute
SELECT window_start, window_end, page, COUNT(*) AS view_count, COUNT(DISTINCT user_id) AS user_count
FROM TABLE(TUMBLE(TABLE page_views, DESCRIPTOR(view_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, page;
