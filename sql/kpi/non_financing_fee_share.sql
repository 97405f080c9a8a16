-- 非融资担保收入占比 Non-financing fee share: fee income from non_financing products in P ÷ fee income in P.
with fees as (
    select fee_payment_id, contract_id, paid_on, amount as fee_amount, source_ref as fee_source_ref
    from fct_fee_payment
    where paid_on between $from and $to
),

final as (
    select
        'fee_payment' as row_kind, f.*, w.* exclude (contract_id),
        case when w.product_category = 'non_financing' then f.fee_amount else 0 end as numerator,
        f.fee_amount as denominator
    from fees as f
    inner join wide_contract as w on w.contract_id = f.contract_id
)

select * from final
