-- 担保费收入 fee payments, with the contract's keys.
with final as (
    select
        f.id as fee_payment_id,
        f.contract_id,
        c.customer_id,
        c.product_id,
        c.department_id,
        c.manager_id,
        f.paid_on,
        f.amount,
        f.etl_run_id,
        f.source_ref
    from raw_fee_payments as f
    inner join raw_contracts as c on c.id = f.contract_id
)

select * from final order by fee_payment_id
