-- Raw tables: the core business system's rows that passed validation, as read, with lineage.
-- Column order is the order the ETL appends in (checked against this file at run time).
-- etl_run_id: the run that loaded the row; source_ref: table#key it came from.

create table raw_departments (
    id integer, code varchar, name varchar, kind varchar,
    etl_run_id bigint, source_ref varchar
);

create table raw_staff (
    id integer, code varchar, name varchar, department_id integer, role varchar, level varchar, active boolean,
    etl_run_id bigint, source_ref varchar
);

create table raw_banks (
    id integer, code varchar, name varchar,
    etl_run_id bigint, source_ref varchar
);

create table raw_products (
    id integer, code varchar, name varchar, category varchar,
    etl_run_id bigint, source_ref varchar
);

create table raw_industries (
    code varchar, name varchar, section varchar, strategic_emerging boolean,
    etl_run_id bigint, source_ref varchar
);

create table raw_regions (
    code varchar, name varchar, kind varchar,
    etl_run_id bigint, source_ref varchar
);

create table raw_customer_groups (
    id integer, name varchar,
    etl_run_id bigint, source_ref varchar
);

create table raw_customers (
    id integer, credit_code varchar, name varchar, kind varchar, size varchar, industry_code varchar,
    region_code varchar, registered_capital decimal(18, 2), established_on date, credit_rating varchar,
    risk_level varchar, tier varchar, group_id integer, specialized_new boolean, manager_id integer,
    created_at timestamp, updated_at timestamp,
    etl_run_id bigint, source_ref varchar
);

create table raw_applications (
    id integer, customer_id integer, product_id integer, department_id integer, channel varchar,
    requested_amount decimal(18, 2), manager_a_id integer, manager_b_id integer, received_on date,
    due_diligence_on date, review_on date, decision varchar, decided_on date, updated_at timestamp,
    etl_run_id bigint, source_ref varchar
);

create table raw_contracts (
    id integer, contract_no varchar, application_id integer, customer_id integer, product_id integer,
    bank_id integer, department_id integer, manager_id integer, amount decimal(18, 2),
    bank_risk_share decimal(9, 6), fee_rate decimal(9, 6), counter_guarantee varchar, start_on date,
    maturity_on date, status varchar, released_on date, updated_at timestamp,
    etl_run_id bigint, source_ref varchar
);

create table raw_balance_snapshots (
    contract_id integer, as_of date, outstanding decimal(18, 2), overdue_days integer, five_level_class varchar,
    etl_run_id bigint, source_ref varchar
);

create table raw_fee_payments (
    id integer, contract_id integer, paid_on date, amount decimal(18, 2),
    etl_run_id bigint, source_ref varchar
);

create table raw_compensations (
    id integer, contract_id integer, paid_on date, amount decimal(18, 2),
    etl_run_id bigint, source_ref varchar
);

create table raw_recoveries (
    id integer, compensation_id integer, received_on date, amount decimal(18, 2), method varchar,
    etl_run_id bigint, source_ref varchar
);

create table raw_write_offs (
    id integer, compensation_id integer, written_off_on date, amount decimal(18, 2),
    etl_run_id bigint, source_ref varchar
);

create table raw_risk_signals (
    id integer, customer_id integer, detected_on date, kind varchar, severity varchar, status varchar,
    closed_on date,
    etl_run_id bigint, source_ref varchar
);
