-- 担保代偿率 Compensation rate: compensation paid in P ÷ guarantees released (released or compensated) in P:
-- compensation_amount's rows (sql/macros/kpi_compensations_paid.sql) over released_amount's
-- (sql/macros/kpi_released_contracts.sql).
with paid as (
    select 'compensation' as row_kind, *, compensation_amount as numerator, cast(0 as decimal(18, 2)) as denominator
    from kpi_compensations_paid($from, $to)
),

released as (
    select 'released_contract' as row_kind, *, cast(0 as decimal(18, 2)) as numerator, amount as denominator
    from kpi_released_contracts($from, $to)
),

final as (
    select * from paid
    union all by name
    select * from released
)

select * from final
