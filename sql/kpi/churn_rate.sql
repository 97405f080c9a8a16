-- 客户流失率 Churn: 1 − renewal rate: customers with a contract maturing in P and no other contract starting
-- within 90 days either side (by D) ÷ customers with a contract maturing in P. The same rows as renewal_rate
-- (sql/macros/kpi_maturities.sql), counting the customers without a renewal.
with final as (
    select 'customer' as row_kind, *,
        case when renewed_by is null then 1 else 0 end as numerator, 1 as denominator
    from kpi_maturities($from, $to, $as_of)
)

select * from final
