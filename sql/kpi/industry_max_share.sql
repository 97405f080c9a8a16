-- 单一行业占比 Largest industry share: max over industries of balance at D ÷ balance. group_key is the industry.
with final as (
    select 'snapshot' as row_kind, * replace (industry_code as group_key), outstanding as numerator,
        outstanding as denominator
    from wide_snapshot
    where as_of = $as_of
)

select * from final
