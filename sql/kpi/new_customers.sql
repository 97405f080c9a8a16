-- 新增客户 New customers: customers whose first contract starts in P (one row each: that first contract).
with ranked as (
    select *, row_number() over (partition by customer_id order by start_on, contract_id) as contract_rank
    from wide_contract
),

final as (
    select 'customer' as row_kind, * exclude (contract_rank), 1 as numerator, cast(null as decimal(18, 2)) as denominator
    from ranked
    where contract_rank = 1 and start_on between $from and $to
)

select * from final
