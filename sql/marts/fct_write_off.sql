-- 核销 write-offs (confirmed losses) on compensations.
with final as (
    select
        w.id as write_off_id,
        w.compensation_id,
        p.contract_id,
        c.customer_id,
        c.product_id,
        c.department_id,
        w.written_off_on,
        w.amount,
        w.etl_run_id,
        w.source_ref
    from raw_write_offs as w
    inner join raw_compensations as p on p.id = w.compensation_id
    inner join raw_contracts as c on c.id = p.contract_id
)

select * from final order by write_off_id
