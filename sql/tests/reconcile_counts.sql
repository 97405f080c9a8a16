-- Row counts: every loaded source row reaches its mart (the inbox marts keep one row per business key),
-- and every source read = loaded + quarantined.
with pairs as (
    select 'contracts' as source, (select count(*) from raw_contracts) as staged, (select count(*) from fct_contract) as mart
    union all select 'balance_snapshots', (select count(*) from raw_balance_snapshots), (select count(*) from fct_balance_snapshot)
    union all select 'fee_payments', (select count(*) from raw_fee_payments), (select count(*) from fct_fee_payment)
    union all select 'compensations', (select count(*) from raw_compensations), (select count(*) from fct_compensation)
    union all select 'recoveries', (select count(*) from raw_recoveries), (select count(*) from fct_recovery)
    union all select 'write_offs', (select count(*) from raw_write_offs), (select count(*) from fct_write_off)
    union all select 'applications', (select count(*) from raw_applications), (select count(*) from fct_application)
    union all select 'risk_signals', (select count(*) from raw_risk_signals), (select count(*) from fct_risk_signal)
    union all select 'customers', (select count(*) from raw_customers), (select count(*) from dim_customer)
    union all select 'staff', (select count(*) from raw_staff), (select count(*) from dim_staff)
    union all select 'surveys', (select count(distinct response_id) from raw_surveys), (select count(*) from fct_survey_response)
    union all select 'complaints', (select count(distinct complaint_id) from raw_complaints), (select count(*) from fct_complaint)
    union all select 'finance', (select count(distinct month) from raw_finance), (select count(*) from fct_finance_month)
),

unbalanced_sources as (
    select source, rows_read as staged, rows_loaded + rows_quarantined as mart
    from etl_source_counts
    where rows_read <> rows_loaded + rows_quarantined
),

loaded_vs_raw as (
    select c.source, c.rows_loaded as staged, r.staged as mart
    from etl_source_counts as c
    inner join pairs as r on r.source = c.source
    where c.kind = 'table' and c.rows_loaded <> r.staged
),

final as (
    select source, staged, mart from pairs where staged <> mart
    union all select * from unbalanced_sources
    union all select * from loaded_vs_raw
)

select * from final
