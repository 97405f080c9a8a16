-- Every fact's keys point at a row of their dimension.
with failures as (
    select 'fct_contract.customer_id' as relation, cast(f.contract_id as varchar) as key
        from fct_contract as f anti join dim_customer as d on d.customer_id = f.customer_id
    union all select 'fct_contract.product_id', cast(f.contract_id as varchar)
        from fct_contract as f anti join dim_product as d on d.product_id = f.product_id
    union all select 'fct_contract.department_id', cast(f.contract_id as varchar)
        from fct_contract as f anti join dim_department as d on d.department_id = f.department_id
    union all select 'fct_contract.manager_id', cast(f.contract_id as varchar)
        from fct_contract as f anti join dim_staff as d on d.staff_id = f.manager_id
    union all select 'fct_contract.bank_id', cast(f.contract_id as varchar)
        from fct_contract as f anti join dim_bank as d on d.bank_id = f.bank_id where f.bank_id is not null
    union all select 'fct_contract.start_on', cast(f.contract_id as varchar)
        from fct_contract as f anti join dim_date as d on d.date_key = f.start_on
    union all select 'fct_balance_snapshot.contract_id', cast(f.contract_id as varchar)
        from fct_balance_snapshot as f anti join fct_contract as c on c.contract_id = f.contract_id
    union all select 'fct_balance_snapshot.as_of', cast(f.as_of as varchar)
        from fct_balance_snapshot as f anti join dim_date as d on d.date_key = f.as_of
    union all select 'fct_fee_payment.contract_id', cast(f.fee_payment_id as varchar)
        from fct_fee_payment as f anti join fct_contract as c on c.contract_id = f.contract_id
    union all select 'fct_compensation.contract_id', cast(f.compensation_id as varchar)
        from fct_compensation as f anti join fct_contract as c on c.contract_id = f.contract_id
    union all select 'fct_recovery.compensation_id', cast(f.recovery_id as varchar)
        from fct_recovery as f anti join fct_compensation as c on c.compensation_id = f.compensation_id
    union all select 'fct_write_off.compensation_id', cast(f.write_off_id as varchar)
        from fct_write_off as f anti join fct_compensation as c on c.compensation_id = f.compensation_id
    union all select 'fct_application.customer_id', cast(f.application_id as varchar)
        from fct_application as f anti join dim_customer as d on d.customer_id = f.customer_id
    union all select 'fct_application.channel', cast(f.application_id as varchar)
        from fct_application as f anti join dim_channel as d on d.channel = f.channel
    union all select 'fct_risk_signal.customer_id', cast(f.risk_signal_id as varchar)
        from fct_risk_signal as f anti join dim_customer as d on d.customer_id = f.customer_id
    union all select 'fct_survey_response.customer_id', f.response_id
        from fct_survey_response as f anti join dim_customer as d on d.customer_id = f.customer_id
    union all select 'fct_complaint.customer_id', f.complaint_id
        from fct_complaint as f anti join dim_customer as d on d.customer_id = f.customer_id
    union all select 'fct_complaint.department_id', f.complaint_id
        from fct_complaint as f anti join dim_department as d on d.department_id = f.department_id
    union all select 'fct_target.department_id', f.department_code
        from fct_target as f anti join dim_department as d on d.department_id = f.department_id
        where f.department_code <> 'ALL'
    union all select 'dim_customer.industry_code', cast(f.customer_id as varchar)
        from dim_customer as f anti join dim_industry as d on d.industry_code = f.industry_code
    union all select 'dim_customer.region_code', cast(f.customer_id as varchar)
        from dim_customer as f anti join dim_region as d on d.region_code = f.region_code
    union all select 'dim_staff.department_id', cast(f.staff_id as varchar)
        from dim_staff as f anti join dim_department as d on d.department_id = f.department_id
),

final as (
    select * from failures
)

select * from final
