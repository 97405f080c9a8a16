-- 新增笔数 New contracts: count of contracts with start_on in P.
with final as (
    select 'contract' as row_kind, *, 1 as numerator, cast(null as decimal(18, 2)) as denominator
    from wide_contract
    where start_on between $from and $to
)

select * from final
