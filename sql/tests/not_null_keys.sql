-- Keys and lineage are never null.
with failures as (
    select 'dim_customer' as object, cast(customer_id as varchar) as key from dim_customer
        where customer_id is null or credit_code is null or etl_run_id is null or source_ref is null
    union all select 'fct_contract', cast(contract_id as varchar) from fct_contract
        where contract_id is null or customer_id is null or product_id is null or department_id is null
            or amount is null or start_on is null or etl_run_id is null or source_ref is null
    union all select 'fct_balance_snapshot', cast(contract_id as varchar) from fct_balance_snapshot
        where contract_id is null or as_of is null or outstanding is null or etl_run_id is null or source_ref is null
    union all select 'fct_fee_payment', cast(fee_payment_id as varchar) from fct_fee_payment
        where fee_payment_id is null or paid_on is null or amount is null or source_ref is null
    union all select 'fct_compensation', cast(compensation_id as varchar) from fct_compensation
        where compensation_id is null or paid_on is null or amount is null or source_ref is null
    union all select 'fct_recovery', cast(recovery_id as varchar) from fct_recovery
        where recovery_id is null or received_on is null or amount is null or source_ref is null
    union all select 'fct_survey_response', response_id from fct_survey_response
        where response_id is null or customer_id is null or nps_score is null or source_ref is null
    union all select 'fct_complaint', complaint_id from fct_complaint
        where complaint_id is null or received_at is null or source_ref is null
    union all select 'fct_target', kpi_code from fct_target
        where year is null or department_code is null or kpi_code is null or target is null or source_ref is null
    union all select 'fct_finance_month', month from fct_finance_month
        where month is null or net_assets is null or source_ref is null
),

final as (
    select * from failures
)

select * from final
