-- 新增业务逾期率 New-business overdue rate: amount of contracts started in the calendar year of D that had any
-- snapshot with overdue_days > 0 up to D ÷ amount of contracts started in that year up to D.
with started as (
    select * from wide_contract
    where start_on between make_date(year($as_of), 1, 1) and $as_of
),

overdue as (
    select contract_id, max(overdue_days) as max_overdue_days
    from fct_balance_snapshot
    where as_of <= $as_of
    group by contract_id
),

final as (
    select 'contract' as row_kind, s.*, coalesce(o.max_overdue_days, 0) as max_overdue_days,
        case when o.max_overdue_days > 0 then s.amount else 0 end as numerator, s.amount as denominator
    from started as s
    left join overdue as o on o.contract_id = s.contract_id
)

select * from final
