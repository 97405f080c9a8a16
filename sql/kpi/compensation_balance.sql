-- 代偿余额 Compensation balance at D: cumulative compensation − cumulative recoveries − cumulative write-offs.
-- One row per event, signed, so the rows add up to the figure.
with events as (
    select 'compensation' as row_kind, compensation_id, contract_id, paid_on as event_on, amount as numerator, source_ref as event_source_ref
    from fct_compensation where paid_on <= $as_of
    union all
    select 'recovery', compensation_id, contract_id, received_on, -amount, source_ref
    from fct_recovery where received_on <= $as_of
    union all
    select 'write_off', compensation_id, contract_id, written_off_on, -amount, source_ref
    from fct_write_off where written_off_on <= $as_of
),

final as (
    select e.*, w.* exclude (contract_id), cast(null as decimal(18, 2)) as denominator
    from events as e
    inner join wide_contract as w on w.contract_id = e.contract_id
)

select * from final
