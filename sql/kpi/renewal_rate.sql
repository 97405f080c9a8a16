-- 续保率 Renewal rate: customers with a contract maturing in P who have another contract starting within 90 days
-- before or after that maturity (and by D) ÷ customers with a contract maturing in P. One row per customer: its
-- renewed maturing contract if it has one, else its first maturing contract. The rows are sql/macros/kpi_maturities.sql,
-- shared with churn_rate.
with final as (
    select 'customer' as row_kind, *,
        case when renewed_by is not null then 1 else 0 end as numerator, 1 as denominator
    from kpi_maturities($from, $to, $as_of)
)

select * from final
