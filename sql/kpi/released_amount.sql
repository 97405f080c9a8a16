-- 解保额 Released guarantees: Σ amount of contracts whose guarantee ended (released or compensated) in P.
with final as (
    select 'contract' as row_kind, *, amount as numerator, cast(null as decimal(18, 2)) as denominator
    from wide_contract
    where status in ('released', 'compensated') and released_on between $from and $to
)

select * from final
