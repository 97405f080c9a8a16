-- Every dimension and fact has a unique key at its grain.
with failures as (
    select 'dim_department' as object, cast(department_id as varchar) as key from dim_department group by all having count(*) > 1
    union all select 'dim_department.code', code from dim_department group by all having count(*) > 1
    union all select 'dim_staff', cast(staff_id as varchar) from dim_staff group by all having count(*) > 1
    union all select 'dim_staff.code', code from dim_staff group by all having count(*) > 1
    union all select 'dim_bank', cast(bank_id as varchar) from dim_bank group by all having count(*) > 1
    union all select 'dim_product', cast(product_id as varchar) from dim_product group by all having count(*) > 1
    union all select 'dim_industry', industry_code from dim_industry group by all having count(*) > 1
    union all select 'dim_region', region_code from dim_region group by all having count(*) > 1
    union all select 'dim_customer', cast(customer_id as varchar) from dim_customer group by all having count(*) > 1
    union all select 'dim_customer.credit_code', credit_code from dim_customer group by all having count(*) > 1
    union all select 'dim_date', cast(date_key as varchar) from dim_date group by all having count(*) > 1
    union all select 'fct_contract', cast(contract_id as varchar) from fct_contract group by all having count(*) > 1
    union all select 'fct_contract.contract_no', contract_no from fct_contract group by all having count(*) > 1
    union all select 'fct_balance_snapshot', cast(contract_id as varchar) || '|' || cast(as_of as varchar)
        from fct_balance_snapshot group by contract_id, as_of having count(*) > 1
    union all select 'fct_fee_payment', cast(fee_payment_id as varchar) from fct_fee_payment group by all having count(*) > 1
    union all select 'fct_compensation', cast(compensation_id as varchar) from fct_compensation group by all having count(*) > 1
    union all select 'fct_recovery', cast(recovery_id as varchar) from fct_recovery group by all having count(*) > 1
    union all select 'fct_write_off', cast(write_off_id as varchar) from fct_write_off group by all having count(*) > 1
    union all select 'fct_application', cast(application_id as varchar) from fct_application group by all having count(*) > 1
    union all select 'fct_risk_signal', cast(risk_signal_id as varchar) from fct_risk_signal group by all having count(*) > 1
    union all select 'fct_survey_response', response_id from fct_survey_response group by all having count(*) > 1
    union all select 'fct_complaint', complaint_id from fct_complaint group by all having count(*) > 1
    union all select 'fct_target', cast(year as varchar) || '|' || coalesce(cast(quarter as varchar), '') || '|' || department_code || '|' || kpi_code
        from fct_target group by year, quarter, department_code, kpi_code having count(*) > 1
    union all select 'fct_finance_month', month from fct_finance_month group by all having count(*) > 1
),

final as (
    select * from failures
)

select * from final
