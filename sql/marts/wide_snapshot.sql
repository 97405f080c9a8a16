-- Month-end snapshots with their contract's details.
with final as (
    select
        s.as_of,
        s.outstanding,
        s.overdue_days,
        s.five_level_class,
        w.* exclude (source_ref),
        s.source_ref
    from fct_balance_snapshot as s
    inner join wide_contract as w on w.contract_id = s.contract_id
)

select * from final order by as_of, contract_id
