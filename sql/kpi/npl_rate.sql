-- 不良率 Non-performing rate: balance classed substandard, doubtful or loss at D ÷ balance.
with final as (
    select 'snapshot' as row_kind, *,
        case when five_level_class in ('substandard', 'doubtful', 'loss') then outstanding else 0 end as numerator,
        outstanding as denominator
    from wide_snapshot
    where as_of = $as_of
)

select * from final
