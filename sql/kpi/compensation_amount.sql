-- 代偿额 Compensation paid: Σ compensations paid in P (sql/macros/kpi_compensations_paid.sql, shared with
-- compensation_rate and recovery_rate).
with final as (
    select 'compensation' as row_kind, *, compensation_amount as numerator, cast(null as decimal(18, 2)) as denominator
    from kpi_compensations_paid($from, $to)
)

select * from final
