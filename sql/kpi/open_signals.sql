-- 预警信号 Open warnings: risk signals open or being handled at D (detected by D, not closed by D), with the
-- balance at D of the customer they concern.
with signals as (
    select * from fct_risk_signal
    where detected_on <= $as_of and (closed_on is null or closed_on > $as_of)
),

balances as (
    select customer_id, sum(outstanding) as customer_balance
    from fct_balance_snapshot
    where as_of = $as_of
    group by customer_id
),

final as (
    select 'risk_signal' as row_kind, s.risk_signal_id, s.detected_on, s.kind as signal_kind, s.severity, s.status,
        s.closed_on, s.source_ref, c.* exclude (customer_id), s.customer_id,
        coalesce(b.customer_balance, 0) as customer_balance,
        cast(null as varchar) as product_code,
        1 as numerator, cast(null as decimal(18, 2)) as denominator
    from signals as s
    inner join wide_customer as c on c.customer_id = s.customer_id
    left join balances as b on b.customer_id = s.customer_id
)

select * from final
