-- The maturities behind 续保率 renewal_rate and 客户流失率 churn_rate (docs/kpis.md): one row per customer with a
-- contract maturing in [period_from, period_to], with renewed_by, the first other contract of that customer starting
-- within 90 days before or after that maturity and by as_of_date (null when there is none). A customer's row is its
-- renewed maturing contract if it has one, else its first maturing contract. The two KPIs differ only in which
-- rows count in the numerator, so churned + renewed = all maturing customers by construction.
-- The renewal and the choice per customer are worked out on the contracts' keys and dates alone; the wide row is joined
-- to the chosen contract last (at a million contracts: 1.0 s instead of 2.0 s for a year to date on one thread).
create macro kpi_maturities(period_from, period_to, as_of_date) as table
with maturing as (
    select contract_id, customer_id, maturity_on from wide_contract where maturity_on between period_from and period_to
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

chosen as (
    select m.contract_id, r.renewed_by
    from maturing as m
    left join renewals as r on r.contract_id = m.contract_id
    qualify row_number() over (
        partition by m.customer_id order by (r.renewed_by is null), m.maturity_on, m.contract_id
    ) = 1
),

final as (
    select w.*, c.renewed_by
    from chosen as c
    inner join wide_contract as w on w.contract_id = c.contract_id
)

select * from final
