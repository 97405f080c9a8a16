-- 客户流失率 Churn: 1 − renewal rate: customers with a contract maturing in P and no other contract starting
-- within 90 days either side (by D) ÷ customers with a contract maturing in P.
with maturing as (
    select * from wide_contract where maturity_on between $from and $to
),

renewals as (
    select m.contract_id, min(n.contract_no) as renewed_by
    from maturing as m
    inner join fct_contract as n
        on n.customer_id = m.customer_id
        and n.contract_id <> m.contract_id
        and n.start_on between m.maturity_on - interval 90 day and m.maturity_on + interval 90 day
        and n.start_on <= $as_of
    group by m.contract_id
),

ranked as (
    select
        m.*,
        r.renewed_by,
        row_number() over (
            partition by m.customer_id order by (r.renewed_by is null), m.maturity_on, m.contract_id
        ) as rank_in_customer
    from maturing as m
    left join renewals as r on r.contract_id = m.contract_id
),

final as (
    select 'customer' as row_kind, * exclude (rank_in_customer),
        case when renewed_by is null then 1 else 0 end as numerator, 1 as denominator
    from ranked
    where rank_in_customer = 1
)

select * from final
