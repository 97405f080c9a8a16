-- The two sides of the regulatory ratios at as_of_date (leverage, top_customer_ratio, top_group_ratio; docs/kpis.md):
-- one 'snapshot' row per financing guarantee snapshot at that date with its weighted liability (wide_liability) as
-- numerator, and one 'net_assets' row with the net assets of that month (finance file) as denominator.
create macro kpi_liability_net_assets(as_of_date) as table
with liability as (
    select 'snapshot' as row_kind, *, liability as numerator, cast(0 as decimal(18, 2)) as denominator
    from wide_liability
    where as_of = as_of_date
),

net_assets as (
    select 'net_assets' as row_kind, month, cast(0 as decimal(18, 4)) as numerator, net_assets as denominator,
        file_name, row_number, source_ref
    from fct_finance_month
    where month_end = as_of_date
),

final as (
    select * from liability
    union all by name
    select * from net_assets
)

select * from final
