-- 中小微占比 SME share: balance of medium, small and micro enterprises and farmers ÷ balance, at D.
with final as (
    select
        'snapshot' as row_kind,
        *,
        case
            when (customer_kind = 'enterprise' and customer_size in ('medium', 'small', 'micro')) or customer_kind = 'farmer'
            then outstanding else 0
        end as numerator,
        outstanding as denominator
    from wide_snapshot
    where as_of = $as_of
)

select * from final
