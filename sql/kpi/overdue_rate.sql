-- 逾期率 Overdue rate: balance of snapshots at D with overdue_days > 0 ÷ balance.
with final as (
    select 'snapshot' as row_kind, *, case when overdue_days > 0 then outstanding else 0 end as numerator,
        outstanding as denominator
    from wide_snapshot
    where as_of = $as_of
)

select * from final
