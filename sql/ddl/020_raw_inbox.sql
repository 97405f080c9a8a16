-- Raw inbox rows that passed validation. file_seq is the file's place in ordinal name order: for the same key
-- a later file wins. row_number is the spreadsheet row (header = row 1). customer_id / department_id are the
-- keys the codes resolved to during validation.

create table raw_surveys (
    response_id varchar, credit_code varchar, customer_id integer, surveyed_on date, channel varchar,
    nps_score integer, csat integer, comment varchar,
    file_name varchar, file_seq integer, row_number integer,
    etl_run_id bigint, source_ref varchar
);

create table raw_complaints (
    complaint_id varchar, credit_code varchar, customer_id integer, received_at timestamp,
    responded_at timestamp, resolved_at timestamp, category varchar, department_code varchar, department_id integer,
    file_name varchar, file_seq integer, row_number integer,
    etl_run_id bigint, source_ref varchar
);

create table raw_targets (
    year integer, quarter integer, department_code varchar, department_id integer, kpi_code varchar,
    target decimal(20, 6),
    file_name varchar, file_seq integer, row_number integer,
    etl_run_id bigint, source_ref varchar
);

create table raw_finance (
    month varchar, month_end date, net_assets decimal(18, 2), revenue decimal(18, 2), net_profit decimal(18, 2),
    reserves decimal(18, 2),
    file_name varchar, file_seq integer, row_number integer,
    etl_run_id bigint, source_ref varchar
);
