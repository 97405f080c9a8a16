-- 融资担保责任余额 guarantee liability per month-end snapshot, with the regulatory weights (docs/kpis.md):
-- financing products only (non-financing guarantees are excluded); the guarantor's part of the balance,
-- outstanding × (1 − bank_risk_share), weighted
--   75 % for loan guarantees to a small or micro enterprise whose loan guarantee balance with us is ≤ 5,000,000,
--   75 % for loan guarantees to a farmer whose loan guarantee balance with us is ≤ 2,000,000,
--   80 % for bond guarantees of issuers rated AA or above,
--   100 % otherwise.
-- "Balance with us" is the customer's total outstanding on loan guarantees at that month end.
with snapshots as (
    select * from wide_snapshot where product_category <> 'non_financing'
),

customer_loans as (
    select as_of, customer_id, sum(outstanding) as customer_loan_balance
    from wide_snapshot
    where product_category = 'loan'
    group by as_of, customer_id
),

weighted as (
    select
        s.*,
        l.customer_loan_balance,
        cast(s.outstanding as decimal(38, 6)) * (1 - s.bank_risk_share) as guarantor_part,
        case
            when s.product_category = 'loan' and s.customer_kind = 'enterprise' and s.customer_size in ('small', 'micro')
                and l.customer_loan_balance <= 5000000 then 0.75
            when s.product_category = 'loan' and s.customer_kind = 'farmer'
                and l.customer_loan_balance <= 2000000 then 0.75
            when s.product_category = 'bond' and s.credit_rating in ('AAA', 'AA') then 0.80
            else 1.00
        end as weight
    from snapshots as s
    left join customer_loans as l on l.as_of = s.as_of and l.customer_id = s.customer_id
),

final as (
    select *, cast(guarantor_part * weight as decimal(18, 4)) as liability
    from weighted
)

select * from final order by as_of, contract_id
