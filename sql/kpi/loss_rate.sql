-- 担保损失率 Loss rate: write-offs (judged unrecoverable) in P ÷ guarantees released in P (released_amount's rows,
-- sql/macros/kpi_released_contracts.sql).
with written as (
    select 'write_off' as row_kind, o.write_off_id, o.written_off_on, o.amount as write_off_amount,
        o.source_ref as write_off_source_ref, w.* exclude (contract_id), o.contract_id,
        o.amount as numerator, cast(0 as decimal(18, 2)) as denominator
    from fct_write_off as o
    inner join wide_contract as w on w.contract_id = o.contract_id
    where o.written_off_on between $from and $to
),

released as (
    select 'released_contract' as row_kind, *, cast(0 as decimal(18, 2)) as numerator, amount as denominator
    from kpi_released_contracts($from, $to)
),

final as (
    select * from written
    union all by name
    select * from released
)

select * from final
