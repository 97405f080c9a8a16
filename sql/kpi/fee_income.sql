-- 担保费收入 Fee income: Σ fee payments received in P.
with fees as (
    select fee_payment_id, contract_id, paid_on, amount as fee_amount, source_ref as fee_source_ref
    from fct_fee_payment
    where paid_on between $from and $to
),

final as (
    select 'fee_payment' as row_kind, f.*, w.* exclude (contract_id), f.fee_amount as numerator,
        cast(null as decimal(18, 2)) as denominator
    from fees as f
    inner join wide_contract as w on w.contract_id = f.contract_id
)

select * from final
