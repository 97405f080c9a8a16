-- 专精特新占比 Specialised-new share: balance of customers flagged specialized_new ÷ balance, at D.
with final as (
    select 'snapshot' as row_kind, *, case when specialized_new then outstanding else 0 end as numerator,
        outstanding as denominator
    from wide_snapshot
    where as_of = $as_of
)

select * from final
