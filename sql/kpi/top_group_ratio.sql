-- 单一客户及关联方集中度 Customer-group concentration: max over related-party groups (a customer without a group
-- is its own group) of liability balance at D ÷ net assets. group_key is the group.
with liability as (
    select 'snapshot' as row_kind, *, liability as numerator, cast(0 as decimal(18, 2)) as denominator
    from wide_liability
    where as_of = $as_of
),

net_assets as (
    select 'net_assets' as row_kind, month, cast(0 as decimal(18, 4)) as numerator, net_assets as denominator,
        file_name, row_number, source_ref
    from fct_finance_month
    where month_end = $as_of
),

final as (
    select * from liability
    union all by name
    select * from net_assets
)

select * from final
