-- 放大倍数 Leverage: guarantee liability balance at D ÷ net assets (finance file, month D).
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
