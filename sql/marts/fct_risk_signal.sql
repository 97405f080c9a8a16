-- 风险预警信号 risk signals about customers.
with final as (
    select
        id as risk_signal_id, customer_id, detected_on, kind, severity, status, closed_on, etl_run_id, source_ref
    from raw_risk_signals
)

select * from final order by risk_signal_id
