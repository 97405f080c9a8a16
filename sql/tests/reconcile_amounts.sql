-- Money totals reconcile between staging and marts: contracts, fees, compensations, recoveries, write-offs,
-- and the snapshot balance of every month end.
with totals as (
    select 'contracts.amount' as measure, (select sum(amount) from raw_contracts) as staged, (select sum(amount) from fct_contract) as mart
    union all select 'fee_payments.amount', (select sum(amount) from raw_fee_payments), (select sum(amount) from fct_fee_payment)
    union all select 'compensations.amount', (select sum(amount) from raw_compensations), (select sum(amount) from fct_compensation)
    union all select 'recoveries.amount', (select sum(amount) from raw_recoveries), (select sum(amount) from fct_recovery)
    union all select 'write_offs.amount', (select sum(amount) from raw_write_offs), (select sum(amount) from fct_write_off)
),

staged_months as (
    select as_of, sum(outstanding) as total from raw_balance_snapshots group by as_of
),

mart_months as (
    select as_of, sum(outstanding) as total from fct_balance_snapshot group by as_of
),

months as (
    select
        'balance_snapshots.outstanding@' || cast(coalesce(s.as_of, m.as_of) as varchar) as measure,
        s.total as staged,
        m.total as mart
    from staged_months as s
    full outer join mart_months as m on m.as_of = s.as_of
),

final as (
    select * from totals where coalesce(staged, 0) <> coalesce(mart, 0)
    union all select * from months where coalesce(staged, 0) <> coalesce(mart, 0)
)

select * from final
