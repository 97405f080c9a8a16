-- 代偿额 Compensation paid: Σ compensations paid in P.
with paid as (
    select compensation_id, contract_id, paid_on, amount as compensation_amount, source_ref as compensation_source_ref
    from fct_compensation
    where paid_on between $from and $to
),

final as (
    select 'compensation' as row_kind, p.*, w.* exclude (contract_id), p.compensation_amount as numerator,
        cast(null as decimal(18, 2)) as denominator
    from paid as p
    inner join wide_contract as w on w.contract_id = p.contract_id
)

select * from final
