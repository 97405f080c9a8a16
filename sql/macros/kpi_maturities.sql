-- The maturities behind 续保率 renewal_rate and 客户流失率 churn_rate (docs/kpis.md): one row per customer with a
-- contract maturing in [period_from, period_to], with renewed_by, the first other contract of that customer starting
-- within 90 days before or after that maturity and by as_of_date (null when there is none). A customer's row is its
-- renewed maturing contract if it has one, else its first maturing contract. The two KPIs differ only in which
-- rows count in the numerator, so churned + renewed = all maturing customers by construction.
create macro kpi_maturities(period_from, period_to, as_of_date) as table
with maturing as (
    select * from wide_contract where maturity_on between period_from and period_to
),

renewals as (
    select m.contract_id, min(n.contract_no) as renewed_by
    from maturing as m
    inner join fct_contract as n
        on n.customer_id = m.customer_id
        and n.contract_id <> m.contract_id
        and n.start_on between m.maturity_on - interval 90 day and m.maturity_on + interval 90 day
        and n.start_on <= as_of_date
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
    select * exclude (rank_in_customer)
    from ranked
    where rank_in_customer = 1
)

select * from final
