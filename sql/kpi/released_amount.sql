-- 解保额 Released guarantees: Σ amount of contracts whose guarantee ended (released or compensated) in P
-- (sql/macros/kpi_released_contracts.sql, shared with compensation_rate and loss_rate).
with final as (
    select 'contract' as row_kind, *, amount as numerator, cast(null as decimal(18, 2)) as denominator
    from kpi_released_contracts($from, $to)
)

select * from final
