-- 担保发生额 New guarantees: Σ amount of contracts with start_on in P.
with final as (
    select 'contract' as row_kind, *, amount as numerator, cast(null as decimal(18, 2)) as denominator
    from wide_contract
    where start_on between $from and $to
)

select * from final
