-- What the run itself recorded: quarantined rows and the per-source counts, for the admin page and audits.

create table etl_quarantine (
    etl_run_id bigint, source varchar, row_ref varchar, column_name varchar, value varchar,
    reason_key varchar, message_zh varchar, message_en varchar
);

create table etl_source_counts (
    etl_run_id bigint, source varchar, kind varchar, rows_read bigint, rows_loaded bigint, rows_quarantined bigint,
    sha256 varchar
);

create table etl_rejected_files (
    etl_run_id bigint, file_name varchar, reason_key varchar, message_zh varchar, message_en varchar
);
