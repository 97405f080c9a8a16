-- 战略性新兴产业占比 Strategic-industry share: balance in industries flagged strategic_emerging ÷ balance, at D.
with final as (
    select 'snapshot' as row_kind, *, case when strategic_emerging then outstanding else 0 end as numerator,
        outstanding as denominator
    from wide_snapshot
    where as_of = $as_of
)

select * from final
