-- 在保余额 In-force balance: Σ outstanding of the month-end snapshot at D (contracts in force at D).
with final as (
    select 'snapshot' as row_kind, *, outstanding as numerator, cast(null as decimal(18, 2)) as denominator
    from wide_snapshot
    where as_of = $as_of
)

select * from final
