-- 行业集中度指数 Industry HHI: Σ over industries of (industry balance ÷ balance)², 0–1. group_key is the industry.
with final as (
    select 'snapshot' as row_kind, * replace (industry_code as group_key), outstanding as numerator,
        outstanding as denominator
    from wide_snapshot
    where as_of = $as_of
)

select * from final
