-- 担保合同 one row per contract.
with final as (
    select
        id as contract_id,
        contract_no,
        application_id,
        customer_id,
        product_id,
        bank_id,
        department_id,
        manager_id,
        amount,
        bank_risk_share,
        fee_rate,
        counter_guarantee,
        start_on,
        maturity_on,
        status,
        released_on,
        etl_run_id,
        source_ref
    from raw_contracts
)

select * from final order by contract_id
