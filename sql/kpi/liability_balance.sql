-- 融资担保责任余额 Guarantee liability balance at D, weighted as wide_liability defines.
with final as (
    select 'snapshot' as row_kind, *, liability as numerator, cast(null as decimal(18, 2)) as denominator
    from wide_liability
    where as_of = $as_of
)

select * from final
