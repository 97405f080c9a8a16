-- 日期维 date dimension: every day of the years the contracts span.
with bounds as (
    select
        min(start_on) as first_day,
        max(greatest(maturity_on, coalesce(released_on, maturity_on))) as last_day
    from raw_contracts
),

days as (
    select cast(unnest(generate_series(
        cast(date_trunc('year', first_day) as date),
        cast(date_trunc('year', last_day) + interval 1 year - interval 1 day as date),
        interval 1 day
    )) as date) as date_key
    from bounds
    where first_day is not null
),

final as (
    select
        date_key,
        year(date_key) as year,
        quarter(date_key) as quarter,
        month(date_key) as month,
        day(date_key) as day,
        strftime(date_key, '%Y-%m') as year_month,
        last_day(date_key) = date_key as is_month_end
    from days
)

select * from final order by date_key
