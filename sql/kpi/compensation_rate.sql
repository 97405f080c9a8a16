-- 担保代偿率 Compensation rate: compensation paid in P ÷ guarantees released (released or compensated) in P.
with paid as (
    select 'compensation' as row_kind, p.compensation_id, p.paid_on, p.amount as compensation_amount,
        p.source_ref as compensation_source_ref, w.* exclude (contract_id), p.contract_id,
        p.amount as numerator, cast(0 as decimal(18, 2)) as denominator
    from fct_compensation as p
    inner join wide_contract as w on w.contract_id = p.contract_id
    where p.paid_on between $from and $to
),

released as (
    select 'released_contract' as row_kind, *, cast(0 as decimal(18, 2)) as numerator, amount as denominator
    from wide_contract
    where status in ('released', 'compensated') and released_on between $from and $to
),

final as (
    select * from paid
    union all by name
    select * from released
)

select * from final
