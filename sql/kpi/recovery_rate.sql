-- 代偿回收率 Recovery rate: recoveries in P ÷ (compensation balance at the start of P + compensation paid in P).
-- The opening balance of each earlier compensation is its amount less what was recovered or written off before P.
-- The compensations are sql/macros/kpi_compensations.sql: those paid in P the same rows as compensation_amount's.
with opening as (
    select
        'opening_balance' as row_kind,
        c.*,
        c.compensation_amount
            - coalesce((select sum(r.amount) from fct_recovery as r where r.compensation_id = c.compensation_id and r.received_on < $from), 0)
            - coalesce((select sum(o.amount) from fct_write_off as o where o.compensation_id = c.compensation_id and o.written_off_on < $from), 0)
            as opening_balance
    from kpi_compensations() as c
    where c.paid_on < $from
),

paid as (
    select 'compensation' as row_kind, *, cast(0 as decimal(18, 2)) as numerator, compensation_amount as denominator
    from kpi_compensations_paid($from, $to)
),

recovered as (
    select 'recovery' as row_kind, r.recovery_id, r.compensation_id, r.received_on, r.amount as recovery_amount,
        r.method, r.source_ref as recovery_source_ref, w.* exclude (contract_id), r.contract_id,
        r.amount as numerator, cast(0 as decimal(18, 2)) as denominator
    from fct_recovery as r
    inner join wide_contract as w on w.contract_id = r.contract_id
    where r.received_on between $from and $to
),

final as (
    select * exclude (opening_balance), cast(0 as decimal(18, 2)) as numerator, opening_balance as denominator
    from opening
    where opening_balance <> 0
    union all by name
    select * from paid
    union all by name
    select * from recovered
)

select * from final
