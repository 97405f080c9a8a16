-- 追偿回收 recoveries on compensations.
with final as (
    select
        r.id as recovery_id,
        r.compensation_id,
        p.contract_id,
        c.customer_id,
        c.product_id,
        c.department_id,
        p.paid_on as compensated_on,
        r.received_on,
        r.amount,
        r.method,
        r.etl_run_id,
        r.source_ref
    from raw_recoveries as r
    inner join raw_compensations as p on p.id = r.compensation_id
    inner join raw_contracts as c on c.id = p.contract_id
)

select * from final order by recovery_id
