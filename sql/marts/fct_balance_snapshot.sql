-- 月末在保余额快照: one row per in-force contract per month end, with the contract's keys for slicing.
with snapshots as (
    select * from raw_balance_snapshots
),

contracts as (
    select id, customer_id, product_id, department_id, manager_id, bank_id, bank_risk_share from raw_contracts
),

final as (
    select
        s.contract_id,
        s.as_of,
        c.customer_id,
        c.product_id,
        c.department_id,
        c.manager_id,
        c.bank_id,
        s.outstanding,
        c.bank_risk_share,
        s.overdue_days,
        s.five_level_class,
        s.etl_run_id,
        s.source_ref
    from snapshots as s
    inner join contracts as c on c.id = s.contract_id
)

select * from final order by as_of, contract_id
