-- 代偿 compensations paid to banks.
with final as (
    select
        p.id as compensation_id,
        p.contract_id,
        c.customer_id,
        c.product_id,
        c.department_id,
        c.manager_id,
        p.paid_on,
        p.amount,
        p.etl_run_id,
        p.source_ref
    from raw_compensations as p
    inner join raw_contracts as c on c.id = p.contract_id
)

select * from final order by compensation_id
