-- 拨备覆盖率 Provision coverage: guarantee reserves (finance file, month D) ÷ compensation balance at D.
with reserves as (
    select 'reserves' as row_kind, month, reserves as numerator, cast(0 as decimal(18, 2)) as denominator,
        file_name, row_number, source_ref as event_source_ref
    from fct_finance_month
    where month_end = $as_of and reserves is not null
),

events as (
    select 'compensation' as row_kind, compensation_id, contract_id, paid_on as event_on, amount as balance_change, source_ref as event_source_ref
    from fct_compensation where paid_on <= $as_of
    union all
    select 'recovery', compensation_id, contract_id, received_on, -amount, source_ref
    from fct_recovery where received_on <= $as_of
    union all
    select 'write_off', compensation_id, contract_id, written_off_on, -amount, source_ref
    from fct_write_off where written_off_on <= $as_of
),

balance as (
    select e.* exclude (balance_change), w.* exclude (contract_id),
        cast(0 as decimal(18, 2)) as numerator, e.balance_change as denominator
    from events as e
    inner join wide_contract as w on w.contract_id = e.contract_id
),

final as (
    select * from reserves
    union all by name
    select * from balance
)

select * from final
